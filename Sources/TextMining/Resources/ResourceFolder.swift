import Foundation

/// A folder Tagmine ships beside its executable (`Lexicons/`, `Web/`), found the same way for every
/// install: an environment variable, then `../share/tagmine/NAME` beside the executable (an
/// installed tree), then the nearest `NAME/` in a folder above the executable (a checkout's build).
public struct ResourceFolder: Sendable {
    /// The folder's name: `Lexicons`, `Web`.
    public var name: String
    /// The environment variable that names it explicitly.
    public var environmentVariable: String
    /// A file the folder must hold, so that an unrelated folder of the same name is passed over.
    public var marker: String

    /// Describes a resource folder.
    public init(name: String, environmentVariable: String, marker: String) {
        self.name = name
        self.environmentVariable = environmentVariable
        self.marker = marker
    }

    /// The folder's path, or `nil` when no candidate holds the marker.
    public func locate(environment: [String: String]? = nil, executable: String? = nil) -> String? {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let given = environment[environmentVariable], !given.isEmpty { return given }
        let executable = executable ?? CommandLine.arguments.first ?? ""
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = folder.appendingPathComponent("../share/tagmine/\(name)").standardizedFileURL
        if holdsMarker(installed) { return installed.path }
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(name)
            if holdsMarker(candidate) { return candidate.path }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    private func holdsMarker(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(marker).path)
    }
}
