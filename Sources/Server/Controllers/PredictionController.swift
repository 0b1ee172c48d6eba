import AudioFeatures
import Foundation
import Hummingbird
import Learning
import Store
import Workflows

/// `POST /api/predict?run=ID`: a run's final model on an uploaded audio file, as a published
/// model API answers.
struct PredictionController: Sendable {
    let store: Store
    let extractors: ExtractorCache

    func addRoutes(to api: RouterGroup<TagmineRequestContext>) {
        api.post("predict", use: predict)
    }

    struct Answer: Encodable, Sendable {
        var run: Int64
        var classes: [String]
        var probabilities: [Float]
        var predicted: [String]
    }

    @Sendable func predict(_ request: Request, context: TagmineRequestContext) async throws -> JSON<Answer> {
        guard let runID = FormQuery(request)["run"] else {
            throw APIError(.badRequest, "name the run: POST /api/predict?run=ID")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, "the audio file is larger than \(context.maxUploadSize / 1_048_576) MiB")
        }
        let run = try await store.run(named: runID)
        let model = try await TrainingWorkflow(store: store).model(of: run)
        let extractor = try await extractors.factory(for: model.extractor)
        // Writing the upload and extracting its features block: off the request path.
        let prediction = try await offloaded {
            let upload = FileManager.default.temporaryDirectory.appendingPathComponent(
                "tagmine-upload-\(UUID().uuidString)")
            try Data(body.readableBytesView).write(to: upload)
            defer { try? FileManager.default.removeItem(at: upload) }
            do {
                return try Predictor(model: model, extractor: extractor()).predict(upload.path)
            } catch let error as AudioError {
                switch error.code {
                case .unsupportedFormat, .corrupt, .emptyFile, .truncated:
                    throw APIError(.unsupportedMediaType, "not audio Tagmine can read: \(error.reason)")
                default:
                    throw APIError(.unprocessableContent, error.reason)
                }
            }
        }
        return JSON(
            Answer(
                run: run.id, classes: prediction.classes, probabilities: prediction.probabilities,
                predicted: prediction.predicted))
    }
}
