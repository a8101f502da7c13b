package dev.pinion.engine;

import java.util.List;
import java.util.stream.Collectors;

/** A function signature. */
public record FuncType(List<ValType> params, List<ValType> results) {
    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    public static FuncType of(List<ValType> params, List<ValType> results) {
        return new FuncType(params, results);
    }

    /** Convenience: {@code FuncType.of(new ValType[]{I32, I32}, I32)}. */
    public static FuncType of(ValType[] params, ValType... results) {
        return new FuncType(List.of(params), List.of(results));
    }

    // equals and hashCode are written out, not left to the record: the generated ones bootstrap through
    // java.lang.runtime.ObjectMethods on first use, which cost a cold JVM ~20 ms, and every host function
    // (WASI registers 46 on each `pinion run`) hashes its type when it is created. Same contract as the record's.
    @Override
    public boolean equals(Object o) {
        return o instanceof FuncType other && params.equals(other.params) && results.equals(other.results);
    }

    @Override
    public int hashCode() {
        return 31 * params.hashCode() + results.hashCode();
    }

    @Override
    public String toString() {
        return "(" + params.stream().map(ValType::wasmName).collect(Collectors.joining(" ")) + ") -> ("
                + results.stream().map(ValType::wasmName).collect(Collectors.joining(" ")) + ")";
    }
}
