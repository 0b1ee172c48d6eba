import Catalog
import Foundation

// Writes the deterministic benchmark catalogue: `tagmine-bench-catalog ROWS OUTPUT.csv`.
let arguments = CommandLine.arguments
guard arguments.count == 3, let rows = Int(arguments[1]), rows > 0 else {
    FileHandle.standardError.write(Data("usage: tagmine-bench-catalog ROWS OUTPUT.csv\n".utf8))
    exit(64)
}
do {
    try SyntheticCatalog(seed: 2026).writeCSV(rows: rows, to: arguments[2])
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    exit(1)
}
