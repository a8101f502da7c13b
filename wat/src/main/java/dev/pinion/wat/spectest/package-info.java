/**
 * The WebAssembly spec test harness: runs spec test scripts against the engine, either as {@code .wast} text
 * ({@link dev.pinion.wat.spectest.WastReader}, through this module's text-format parser) or as wast2json's JSON
 * and binary modules. Used by {@code SpecSuiteTest} (one JUnit test per assertion) and by {@code pinion spectest}.
 *
 * <ul>
 *   <li>{@link dev.pinion.wat.spectest.Script}, {@link dev.pinion.wat.spectest.Command},
 *       {@link dev.pinion.wat.spectest.Action}, {@link dev.pinion.wat.spectest.Value}: the JSON, record for
 *       record, with components named like the JSON keys so Jackson reads it without annotations (this module has
 *       no dependencies but the engine; callers bring the JSON reader). {@code WastReader} makes the same records
 *       from a {@code .wast} file, with the modules kept as text until their command runs.</li>
 *   <li>{@link dev.pinion.wat.spectest.SpecRunner}: executes a script's commands in order and yields one
 *       {@link dev.pinion.wat.spectest.Outcome} (passed, failed with expected versus actual in Wasm syntax, or
 *       skipped with a reason) per assertion.</li>
 *   <li>{@link dev.pinion.wat.spectest.SpecTestHost}: the {@code spectest} host module the scripts import.</li>
 * </ul>
 *
 * <p>Policies, and why:
 * <ul>
 *   <li>Skips only for text-format modules (a binary-only runner has no text parser).
 *       Everything else the engine cannot do is a failure, so the totals tell the truth.</li>
 *   <li>Numbers compare by exact bits; only {@code nan:canonical} and {@code nan:arithmetic} allow a range.</li>
 *   <li>Trap messages compare loosely (see {@code TrapWording}); module errors must come from the right stage
 *       (malformed, invalid, link, trap) but their text is not compared, since only the category is portable.</li>
 *   <li>The runner survives engine bugs: exceptions, StackOverflowError and hangs become failed outcomes.</li>
 * </ul>
 */
package dev.pinion.wat.spectest;
