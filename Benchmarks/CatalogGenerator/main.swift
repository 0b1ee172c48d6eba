import Catalog
import Foundation

// Writes the deterministic benchmark catalogue:
// `tagmine-bench-catalog ROWS OUTPUT.csv [mixed|english|japanese]`.
let arguments = CommandLine.arguments
guard (3...4).contains(arguments.count), let rows = Int(arguments[1]), rows > 0,
    let language = arguments.count == 4 ? SyntheticCatalog.Language(rawValue: arguments[3]) : .mixed
else {
    FileHandle.standardError.write(Data("usage: tagmine-bench-catalog ROWS OUTPUT.csv [mixed|english|japanese]\n".utf8))
    exit(64)
}
do {
    try SyntheticCatalog(seed: 2026, language: language).writeCSV(rows: rows, to: arguments[2])
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    exit(1)
}
