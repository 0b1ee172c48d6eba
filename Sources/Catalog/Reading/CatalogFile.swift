import Crypto
import Foundation
import Glibc

/// Opening catalogue files: format detection, readers, and content fingerprints.
public enum CatalogFile {
    /// Opens `path` with the reader for its format (from `options.format`, else the extension
    /// and, for XML, the root element).
    public static func reader(for path: String, options: CatalogOptions) throws(CatalogError) -> any CatalogReader {
        let format: CatalogFormat
        if let given = options.format { format = given } else { format = try detectFormat(of: path) }
        switch format {
        case .csv, .tsv: return try CSVCatalogReader(path: path, format: format, options: options)
        case .xml, .itunes, .rekordbox: return try XMLCatalogReader(path: path, format: format, options: options)
        case .jsonl: return try JSONLinesCatalogReader(path: path, options: options)
        }
    }

    /// The format of `path`: `.tsv` / `.tab` are TSV, `.jsonl` / `.ndjson` JSON Lines, `.xml` is
    /// decided by its root element, everything else is CSV.
    public static func detectFormat(of path: String) throws(CatalogError) -> CatalogFormat {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "tsv", "tab": return .tsv
        case "jsonl", "ndjson": return .jsonl
        case "xml", "plist": return try xmlFlavour(of: path)
        default: return .csv
        }
    }

    /// The folder that contains `path`, as an absolute path.
    public static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
    }

    /// The SHA-256 of the file's bytes, as lowercase hex.
    public static func fingerprint(of path: String) throws(CatalogError) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw CatalogError(errno == ENOENT ? .fileNotFound : .unreadable, file: path, "cannot open: \(reason)")
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CatalogError(.unreadable, file: path, "read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Peeks at the first kilobytes of an XML file for a plist or rekordbox root element.
    private static func xmlFlavour(of path: String) throws(CatalogError) -> CatalogFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CatalogError(.fileNotFound, file: path, "cannot open the file")
        }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
        if head.contains("<plist") && (head.contains("<key>Major Version</key>") || head.contains("<key>Tracks</key>"))
        {
            return .itunes
        }
        if head.contains("<DJ_PLAYLISTS") { return .rekordbox }
        return .xml
    }
}
