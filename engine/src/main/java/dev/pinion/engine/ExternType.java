package dev.pinion.engine;

/** The type of an import or export: a function, table, memory or global. */
public sealed interface ExternType {
    record Func(FuncType type) implements ExternType {}

    record Table(ValType elementType, Limits limits) implements ExternType {}

    record Memory(Limits limits, boolean shared) implements ExternType {}

    record Global(ValType valueType, boolean mutable) implements ExternType {}
}
