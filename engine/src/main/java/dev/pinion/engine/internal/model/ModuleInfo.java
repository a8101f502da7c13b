package dev.pinion.engine.internal.model;

import dev.pinion.engine.CustomSection;
import dev.pinion.engine.ExternType;
import dev.pinion.engine.FuncType;
import java.util.List;
import java.util.Map;

/**
 * Everything the decoder reads from a binary module, before validation. Index spaces are split into imports
 * (in {@link #imports}) and definitions; helper methods give the combined index spaces.
 *
 * @param bytes           the module binary (function bodies and data are read from it in place)
 * @param types           type section
 * @param imports         import section, in order
 * @param funcTypeIndices type index of each defined function (function section)
 * @param tables          defined tables
 * @param memories        defined memories
 * @param globals         defined globals
 * @param exports         export section
 * @param start           start function index or -1
 * @param elements        element section
 * @param dataCount       value of the data count section, or -1 if absent
 * @param codes           code section, parallel to funcTypeIndices
 * @param datas           data section
 * @param customSections  custom sections in order
 * @param moduleName      from the name section, or null
 * @param functionNames   function index to name, from the name section (empty if none)
 * @param sectionOffsets  per section id (0..12), the byte offset of the section's content, -1 if absent (for the
 *                        last custom section seen if several); lets later stages point errors at a section
 */
public record ModuleInfo(byte[] bytes, List<FuncType> types, List<Import> imports, int[] funcTypeIndices,
                         List<ExternType.Table> tables, List<ExternType.Memory> memories, List<GlobalDef> globals,
                         List<Export> exports, int start, List<ElementSegment> elements, int dataCount,
                         List<Code> codes, List<DataSegment> datas, List<CustomSection> customSections,
                         String moduleName, Map<Integer, String> functionNames, int[] sectionOffsets) {

    /** Byte offset of the content of section {@code id}, or -1 if the module has no such section. */
    public int sectionOffset(int id) {
        return id >= 0 && id < sectionOffsets.length ? sectionOffsets[id] : -1;
    }
}
