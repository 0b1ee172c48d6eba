import Catalog
import FuzzSupport
import TextMining

/// Every encoding the CSV reader takes; a parse error is fine, a crash, hang or leak is not.
@_cdecl("LLVMFuzzerTestOneInput")
func check(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = scratchFile(data, size, suffix: ".csv")
    for encoding in TextEncoding.allCases {
        var options = CatalogOptions()
        options.encoding = encoding
        if var reader = try? CSVCatalogReader(path: path, format: .csv, options: options) {
            while (try? reader.next()) != nil {}
        }
    }
    return 0
}

@_cdecl("fuzz_csv_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    fuzz(argc, argv, check)
}
