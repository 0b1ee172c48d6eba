import Foundation
import Pretrained
import TagmineTestSupport
import Testing
import ZIPFoundation

@Suite struct CheckpointTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    /// The wheel unpacked into the test's folder, for damaging copies of its files.
    private func unpacked() throws -> String {
        let target = folder.file("wheel")
        try FileManager.default.unzipItem(
            at: URL(fileURLWithPath: try musicnnWheel()), to: URL(fileURLWithPath: target))
        return target
    }

    @Test func readsEveryTensorWithItsShapeAndChecksum() throws {
        let bundle = try MusicnnPackage.checkpoint(.msd, from: try musicnnWheel())
        #expect(bundle.tensorNames.count == 150)
        let kernel = try bundle.tensor("conv2d/kernel")
        #expect(kernel.shape == [7, 38, 1, 204])
        #expect(kernel.values.allSatisfy(\.isFinite) && kernel.values.contains { $0 != 0 })
        let variance = try bundle.tensor("batch_normalization_9/moving_variance")
        #expect(variance.shape == [1506] && variance.values.allSatisfy { $0 > 0 })
        let missing = #expect(throws: PretrainedError.self) { try bundle.tensor("conv2d_99/kernel") }
        #expect(missing?.code == .missingTensor)
    }

    @Test func anUnpackedFolderGivesTheSameTensorsAsTheWheel() throws {
        let root = try unpacked()
        let fromWheel = try MusicnnPackage.checkpoint(.mtt, from: try musicnnWheel())
        for path in [root, root + "/musicnn", root + "/musicnn/MTT_musicnn"] {
            let fromFolder = try MusicnnPackage.checkpoint(.mtt, from: path)
            #expect(try fromFolder.tensor("dense_1/kernel") == fromWheel.tensor("dense_1/kernel"))
        }
    }

    @Test func refusesADamagedShardATruncatedIndexAndAnotherVersion() throws {
        let root = try unpacked()
        let checkpoint = root + "/musicnn/MSD_musicnn"
        var data = try Data(contentsOf: URL(fileURLWithPath: checkpoint + "/.data-00000-of-00001"))
        for offset in stride(from: 1_000, to: data.count, by: 65_536) { data[offset] ^= 0xFF }
        try data.write(to: URL(fileURLWithPath: checkpoint + "/.data-00000-of-00001"))
        let bundle = try MusicnnPackage.checkpoint(.msd, from: root)
        let damaged = #expect(throws: PretrainedError.self) { _ = try MusicnnWeights(model: .msd, bundle: bundle) }
        #expect(damaged?.code == .corrupt)
        #expect(damaged?.message.hasSuffix("fails its CRC-32C check") == true)

        let index = try Data(contentsOf: URL(fileURLWithPath: checkpoint + "/.index"))
        try index.prefix(index.count - 10).write(to: URL(fileURLWithPath: checkpoint + "/.index"))
        let truncated = #expect(throws: PretrainedError.self) { try MusicnnPackage.checkpoint(.msd, from: root) }
        #expect(truncated?.code == .corrupt)

        let metadata = root + "/musicnn-0.1.0.dist-info/METADATA"
        let text = try String(contentsOfFile: metadata, encoding: .utf8)
        try text.replacingOccurrences(of: "Version: 0.1.0", with: "Version: 0.1.1")
            .write(toFile: metadata, atomically: true, encoding: .utf8)
        let version = #expect(throws: PretrainedError.self) { try MusicnnPackage.checkpoint(.mtt, from: root) }
        #expect(version?.code == .wrongPackage)

        let nothing = #expect(throws: PretrainedError.self) {
            try MusicnnPackage.checkpoint(.msd, from: folder.file("absent.whl"))
        }
        #expect(nothing?.code == .fileNotFound)
        let notZip = try folder.write("fake.whl", "not a zip")
        #expect(throws: PretrainedError.self) { try MusicnnPackage.checkpoint(.msd, from: notZip) }
    }

    /// `make fuzz` finding: a table footer whose block handle holds varints beyond Int.max trapped
    /// converting them; sizes and offsets from the file are now converted and compared without
    /// overflow, as are tensor shapes in a model file's header.
    @Test func hugeNumbersInAnIndexOrAModelFileAreRefusedNotTrapped() throws {
        let hex =
            "00007f48ae90119800122002145f31000000000000e1000000000000009494949494949494944194949494949494949400"
            + "000000000000000000000000000000000057fb808b247547db"
        let bytes = stride(from: 0, to: hex.count, by: 2).map {
            UInt8(hex[hex.index(hex.startIndex, offsetBy: $0)...].prefix(2), radix: 16)!
        }
        let index = #expect(throws: PretrainedError.self) { try TensorBundle(index: bytes, data: Data(), name: "fuzz") }
        #expect(index?.code == .corrupt)

        let header =
            #"{"format":"tagmine-pretrained","version":1,"model":"musicnn-msd","source":"x","labels":[],"#
            + #""tensors":[{"name":"a","shape":[4294967296,4294967296]},{"name":"b","shape":[-2,-2]}],"sha256":""}"#
        let path = try folder.write("huge.tagmine-pretrained", header + "\n")
        let model = #expect(throws: PretrainedError.self) { try PretrainedModelFile.read(path) }
        #expect(model?.message.hasPrefix("tensor 'a' ([4294967296, 4294967296]) does not fit") == true)
    }

    /// `make fuzz` finding: swift-foundation's `Data(contentsOf:)` leaks 4 KB on every empty file;
    /// an empty model file is now refused before Foundation reads it. In a child process, so no
    /// other test's allocations move the figure.
    @Test func readingEmptyModelFilesDoesNotGrowMemory() async {
        await #expect(processExitsWith: .success) {
            let folder = try TemporaryDirectory()
            let path = try folder.write("empty.tagmine-pretrained", "")
            func readAll(_ times: Int) {
                for _ in 0..<times { _ = try? PretrainedModelFile.read(path) }
            }
            readAll(50)
            let before = try residentMemoryBytes()
            readAll(3_000)
            if try residentMemoryBytes() - before > 4 << 20 { exit(1) }
        }
    }

    @Test func theModelFileRoundTripsAndRefusesTampering() throws {
        let bundle = try MusicnnPackage.checkpoint(.msd, from: try musicnnWheel())
        let tensors = try Dictionary(
            uniqueKeysWithValues: bundle.tensorNames.filter { !$0.contains("Adam") && !$0.hasSuffix("_power") }.map {
                ($0, try bundle.tensor($0))
            })
        let file = PretrainedModelFile(model: .msd, source: "musicnn 0.1.0 MSD_musicnn", tensors: tensors)
        let path = try folder.write("musicnn-msd.tagmine-pretrained", try file.encoded())
        let read = try PretrainedModelFile.read(path)
        #expect(read.model == .msd && read.tensors == tensors)

        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 3] ^= 0x01
        let tampered = try folder.write("tampered.tagmine-pretrained", bytes)
        let error = #expect(throws: PretrainedError.self) { try PretrainedModelFile.read(tampered) }
        #expect(error?.message == "the payload fails its SHA-256 check")
        let newer = try folder.write(
            "newer.tagmine-pretrained",
            String(decoding: try file.encoded(), as: UTF8.self)
                .replacingOccurrences(of: "\"version\":1", with: "\"version\":2"))
        #expect(throws: PretrainedError.self) { try PretrainedModelFile.read(newer) }
    }
}
