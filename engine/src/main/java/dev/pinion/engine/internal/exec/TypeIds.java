package dev.pinion.engine.internal.exec;

import dev.pinion.engine.FuncType;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Canonical small ids for function types, so call_indirect compares signatures with one int comparison. */
final class TypeIds {
    private TypeIds() {}

    private static final ConcurrentHashMap<FuncType, Integer> IDS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    static int of(FuncType type) {
        return IDS.computeIfAbsent(type, t -> NEXT.getAndIncrement());
    }
}
