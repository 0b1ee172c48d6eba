import Foundation
import Testing

/// The licence, and a third-party notice for everything the manifest brings in.
@Suite struct NoticeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ file: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
    }

    @Test func everySwiftPackageAndDebianLibraryOfTheManifestHasANotice() throws {
        let manifest = try Self.text("Package.swift"), notice = try Self.text("THIRD-PARTY-NOTICES.md")
        let packages = manifest.matches(of: /url: "https:\/\/github\.com\/[^\/"]+\/([^"]+?)\.git"/).map { String($0.1) }
        #expect(packages.count >= 7, "\(packages)")
        for package in packages {
            #expect(notice.lowercased().contains(package.lowercased()), "\(package) has no notice")
        }
        // Providers name the -dev packages; the notice names the libraries they link.
        let debian = manifest.matches(of: /\.apt\(\[([^\]]+)\]\)/).flatMap { match in
            match.1.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        }
        #expect(debian.count >= 8, "\(debian)")
        for package in debian {
            let library = package.hasSuffix("-dev") ? String(package.dropLast(4)) : package
            #expect(notice.contains(library), "\(package) has no notice")
        }
        #expect(notice.contains("musicnn") && notice.contains("ISC"))
        #expect(try Self.text("LICENSE").hasPrefix("MIT License"))
    }
}
