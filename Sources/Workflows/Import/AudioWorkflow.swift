public import Catalog
import Foundation
public import Store

/// What `tagmine audio attach` did.
public struct AudioAttachment: Sendable, Equatable {
    /// The folder, absolute: now an audio root when any file was attached.
    public var folder: String
    /// Tracks whose audio path was set or changed.
    public var attached = 0
    /// Tracks that already had the file they matched.
    public var unchanged = 0
    /// Tracks still without audio, by catalogue id.
    public var tracksWithoutAudio: [String] = []
    /// Audio files in the folder that fit no track, relative to it.
    public var filesWithoutTrack: [String] = []
    /// Tracks several files fit, by catalogue id; each got the first in path order.
    public var tracksWithSeveralFiles: [String] = []
}

/// Linking audio files to tracks that were imported without them.
public struct AudioWorkflow: Sendable {
    /// The store read and written.
    public let store: Store

    /// A workflow over `store`.
    public init(store: Store) {
        self.store = store
    }

    /// Links the audio files in `folder` to the tracks they are named after (by `pattern`; the
    /// default matches a file's stem to a track id) and makes the folder an audio root, in one
    /// transaction. Files are looked for in the folder itself, below it with `recursive`, and in the
    /// folders a pattern names. Attaching the same folder again changes nothing.
    ///
    /// - Parameter sourceID: only the tracks of this catalogue file (`import --audio-pattern`).
    public func attach(
        folder: String, pattern: AudioFilePattern = .byID, recursive: Bool = false, sourceID: Int64? = nil
    ) async throws -> AudioAttachment {
        let root = AudioPathResolver(root: folder).root
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw StoreError(.missingFolder, "no folder \(root); give the folder that holds the audio files")
        }
        let candidates = try await store.audioLinkCandidates(sourceID: sourceID)
        var tracksByKey: [[String]: [AudioLinkCandidate]] = [:]
        for candidate in candidates {
            guard let key = Self.key(of: candidate, pattern.fields) else { continue }
            tracksByKey[key, default: []].append(candidate)
        }
        var attachment = AudioAttachment(folder: root)
        var chosen: [Int64: String] = [:]
        var several: Set<Int64> = []
        // Below the top folder, a pattern matches the end of a file's path: with `{id}.{ext}`,
        // `2024/T0042.wav` is track T0042's.
        let depth = pattern.text.split(separator: "/").count
        for file in Self.files(in: root, descending: recursive || pattern.descends) {
            let tail = file.split(separator: "/").suffix(depth).joined(separator: "/")
            guard let values = pattern.match(tail), let tracks = tracksByKey[pattern.fields.map { values[$0] ?? "" }]
            else {
                if Self.isAudio(file) { attachment.filesWithoutTrack.append(file) }
                continue
            }
            for track in tracks {
                if chosen[track.trackID] == nil {
                    chosen[track.trackID] = root + "/" + file
                } else {
                    several.insert(track.trackID)
                }
            }
        }
        let links = candidates.compactMap { candidate in
            chosen[candidate.trackID].map { (trackID: candidate.trackID, path: $0) }
        }
        attachment.attached = try await store.linkAudio(links, root: root)
        attachment.unchanged = links.count - attachment.attached
        attachment.tracksWithoutAudio = candidates.filter { chosen[$0.trackID] == nil && $0.audioPath == nil }.map(
            \.catalogueID)
        attachment.tracksWithSeveralFiles = candidates.filter { several.contains($0.trackID) }.map(\.catalogueID)
        return attachment
    }

    /// A track's values for the pattern's fields; `nil` when it lacks one.
    private static func key(of track: AudioLinkCandidate, _ fields: [AudioFilePattern.Field]) -> [String]? {
        var key: [String] = []
        for field in fields {
            let value: String? =
                switch field {
                case .id: track.catalogueID
                case .title: track.title
                case .artist: track.artist
                case .album: track.album
                }
            guard let value, !value.isEmpty else { return nil }
            key.append(value)
        }
        return key
    }

    /// The regular files in `root` (below it too when `descending`), relative to it, sorted; hidden
    /// files and folders are passed over.
    private static func files(in root: String, descending: Bool) -> [String] {
        let manager = FileManager.default
        var files: [String] = []
        if descending {
            guard let walker = manager.enumerator(atPath: root) else { return [] }
            while let path = walker.nextObject() as? String {
                if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    if walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory {
                        walker.skipDescendants()
                    }
                    continue
                }
                if isRegularFile(root + "/" + path) { files.append(path) }
            }
        } else {
            for name in (try? manager.contentsOfDirectory(atPath: root)) ?? []
            where !name.hasPrefix(".") && isRegularFile(root + "/" + name) {
                files.append(name)
            }
        }
        return files.sorted()
    }

    private static func isRegularFile(_ path: String) -> Bool { FileStamp.of(path) != nil }

    private static func isAudio(_ file: String) -> Bool {
        AudioFilePattern.audioExtensions.contains((file as NSString).pathExtension.lowercased())
    }
}
