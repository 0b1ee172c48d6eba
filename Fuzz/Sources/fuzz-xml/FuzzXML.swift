import Catalog
import FuzzSupport

/// The generic XML reader with a record path and field XPaths, and the iTunes and rekordbox readers.
@_cdecl("LLVMFuzzerTestOneInput")
func check(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = scratchFile(data, size, suffix: ".xml")
    for format in [CatalogFormat.xml, .itunes, .rekordbox] {
        var options = CatalogOptions()
        options.format = format
        options.recordPath = "//track"
        options.fieldPaths = [("id", "@id"), ("title", "title"), ("tags", "tag")]
        if var reader = try? CatalogFile.reader(for: path, options: options) {
            while (try? reader.next()) != nil {}
        }
    }
    return 0
}

@_cdecl("fuzz_xml_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    fuzz(argc, argv, check)
}
