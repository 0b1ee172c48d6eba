import Foundation
import ZIPFoundation

/// The musicnn 0.1.0 package from PyPI, as a wheel or unpacked: where the TensorFlow checkpoints
/// of its models are read from at install time.
public enum MusicnnPackage {
    /// The one version whose checkpoints and architecture Tagmine knows.
    public static let version = "0.1.0"
    /// How to fetch it when no `--from` is given.
    public static let download = ["pip", "download", "musicnn==0.1.0", "--no-deps"]

    /// The checkpoint of `model` in the wheel or folder at `path` (the wheel's root, its
    /// `musicnn/` package folder, or the model's checkpoint folder).
    public static func checkpoint(_ model: MusicnnModel, from path: String) throws(PretrainedError) -> TensorBundle {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw PretrainedError(
                .fileNotFound, file: path, "no such file or folder",
                hint: "Pass the musicnn-0.1.0 wheel (pip download musicnn==0.1.0 --no-deps) or its unpacked folder")
        }
        return isFolder.boolValue ? try fromFolder(model, path) : try fromWheel(model, path)
    }

    private static func fromWheel(_ model: MusicnnModel, _ path: String) throws(PretrainedError) -> TensorBundle {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw PretrainedError(
                .wrongPackage, file: path, "not a wheel (zip archive): \(error)",
                hint: "Pass the musicnn-0.1.0 wheel or its unpacked folder")
        }
        func read(_ entryPath: String) throws(PretrainedError) -> Data? {
            guard let entry = archive[entryPath] else { return nil }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw PretrainedError(.corrupt, file: path, "\(entryPath) cannot be extracted: \(error)")
            }
            return data
        }
        let metadata = try read("musicnn-\(version).dist-info/METADATA")
        try checkMetadata(
            metadata, installed: archive.compactMap { $0.path.hasSuffix(".dist-info/METADATA") ? $0.path : nil },
            file: path)
        let prefix = "musicnn/\(model.checkpointFolder)/"
        guard let index = try read(prefix + ".index"), let data = try read(prefix + ".data-00000-of-00001") else {
            throw PretrainedError(.missingTensor, file: path, "the wheel has no \(prefix) checkpoint")
        }
        return try TensorBundle(index: [UInt8](index), data: data, name: path + ":" + prefix)
    }

    private static func fromFolder(_ model: MusicnnModel, _ path: String) throws(PretrainedError) -> TensorBundle {
        let candidates = [
            "\(path)/musicnn/\(model.checkpointFolder)", "\(path)/\(model.checkpointFolder)", path,
        ]
        guard let folder = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/.index") }) else {
            throw PretrainedError(
                .fileNotFound, file: path, "no \(model.checkpointFolder) checkpoint (.index) in the folder",
                hint: "Pass the unpacked wheel, its musicnn/ folder or the \(model.checkpointFolder) folder")
        }
        let distInfo = URL(fileURLWithPath: folder).deletingLastPathComponent().deletingLastPathComponent().path
        let found =
            (try? FileManager.default.contentsOfDirectory(atPath: distInfo))?
            .filter { $0.hasPrefix("musicnn-") && $0.hasSuffix(".dist-info") }.map { "\($0)/METADATA" } ?? []
        if !found.isEmpty {
            let metadata = FileBytes.read("\(distInfo)/musicnn-\(version).dist-info/METADATA")
            try checkMetadata(metadata, installed: found, file: path)
        }
        guard let index = FileBytes.read(folder + "/.index"),
            let data = FileBytes.read(folder + "/.data-00000-of-00001")
        else {
            throw PretrainedError(
                .fileNotFound, file: folder, "the checkpoint's .index or .data-00000-of-00001 cannot be read")
        }
        return try TensorBundle(index: [UInt8](index), data: data, name: folder)
    }

    /// The package must be musicnn at ``version``: another version's checkpoints may differ.
    private static func checkMetadata(_ metadata: Data?, installed: [String], file: String) throws(PretrainedError) {
        let text = metadata.map { String(decoding: $0, as: UTF8.self) } ?? ""
        guard text.contains("\nName: musicnn\n"), text.contains("\nVersion: \(version)\n") else {
            let other = installed.first.map { " (found \($0.split(separator: "/").first ?? ""))" } ?? ""
            throw PretrainedError(
                .wrongPackage, file: file, "not the musicnn \(version) package\(other)",
                hint: "Tagmine reads musicnn \(version) exactly: pip download musicnn==\(version) --no-deps")
        }
    }
}
