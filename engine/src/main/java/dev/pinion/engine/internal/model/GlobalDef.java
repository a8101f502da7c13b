package dev.pinion.engine.internal.model;

import dev.pinion.engine.ExternType;

/** A global defined by the module with its initialiser. */
public record GlobalDef(ExternType.Global type, ConstExpr init, int offset) {}
