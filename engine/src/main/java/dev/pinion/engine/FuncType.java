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

    @Override
    public String toString() {
        return "(" + params.stream().map(ValType::wasmName).collect(Collectors.joining(" ")) + ") -> ("
                + results.stream().map(ValType::wasmName).collect(Collectors.joining(" ")) + ")";
    }
}
