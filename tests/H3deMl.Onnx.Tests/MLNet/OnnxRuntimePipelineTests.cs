using H3deMl.Onnx.Decoding;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace H3deMl.Onnx.Tests.MLNet;

/// <summary>The exported graph scored by ML.NET's <c>ApplyOnnxModel</c> (real ONNX Runtime) between ExtractNetworkInput and
/// DecodeLandmarks gives the trained model's own landmarks.</summary>
public sealed class OnnxRuntimePipelineTests(TrainedTinyModel tiny, ITestOutputHelper output) : IClassFixture<TrainedTinyModel>
{
    private const int Size = TrainedTinyModel.Size;

    private IEstimator<ITransformer> OnnxRuntimePipeline()
    {
        MLContext ml = tiny.Ml;
        return ml.Transforms.LoadVolume()
            .Append(ml.Transforms.NormalizeIntensity(-1000, 2000))
            .Append(ml.Transforms.ExtractNetworkInput(Size, Size, Size))
            .Append(ml.Transforms.ApplyOnnxModel(["heatmap", "anchors"], ["image"], tiny.OnnxPath))
            .Append(ml.Transforms.DecodeLandmarks(tiny.OnnxPath));
    }

    [OnnxRuntimeFact]
    public void OnnxRuntime_inside_an_MLNet_pipeline_gives_the_models_landmarks()
    {
        ITransformer onnx = OnnxRuntimePipeline().Fit(tiny.Phantoms);
        IDataView scored = onnx.Transform(tiny.Phantoms);
        List<LandmarkPrediction> actual = [.. tiny.Ml.Data.CreateEnumerable<LandmarkPrediction>(scored, reuseRowObject: false)];
        List<LandmarkPrediction> expected = tiny.OwnPredictions();

        Assert.Equal(tiny.Model.GetLandmarkNames(), LandmarkSlots(scored));
        double max = AssertSameLandmarks(expected, actual);
        output.WriteLine($"ONNX Runtime vs H3deNetModel: max landmark difference {max:E3} mm over {expected.Count} scans × {expected[0].PresenceProbabilities.Length} landmarks");

        // The heatmap column is ONNX Runtime's own output: close to, not identical with, the managed network's.
        float[] image = scored.GetColumn<float[]>("image").First();
        float[] heatmap = scored.GetColumn<float[]>("heatmap").First();
        H3deMl.Trainers.Network.H3deNetOutput ours;
        using (H3deMl.Tensors.Autograd.GradMode.NoGrad())
        {
            ours = tiny.Model.GetH3deNetModel().Model.Forward(H3deMl.Tensors.Tensor.FromArray(image, 1, 1, Size, Size, Size));
        }

        double heatmapDifference = ours.Heatmap!.ToArray().Zip(heatmap).Max(p => Math.Abs(p.First - p.Second));
        output.WriteLine($"heatmap logits, ONNX Runtime vs managed forward: max abs difference {heatmapDifference:E3}");
        Assert.InRange(heatmapDifference, 0, 1e-3);
    }

    [OnnxRuntimeFact]
    public void The_pipeline_round_trips_through_an_MLNet_zip()
    {
        ITransformer onnx = OnnxRuntimePipeline().Fit(tiny.Phantoms);
        using var zip = new MemoryStream();
        tiny.Ml.Model.Save(onnx, null, zip);
        zip.Position = 0;
        ITransformer loaded = tiny.Ml.Model.Load(zip, out _);
        List<LandmarkPrediction> before = [.. tiny.Ml.Data.CreateEnumerable<LandmarkPrediction>(onnx.Transform(tiny.Phantoms), false)];
        List<LandmarkPrediction> after = [.. tiny.Ml.Data.CreateEnumerable<LandmarkPrediction>(loaded.Transform(tiny.Phantoms), false)];
        for (int r = 0; r < before.Count; r++)
        {
            Assert.Equal(before[r].PredictedLandmarks, after[r].PredictedLandmarks);
            Assert.Equal(before[r].PresenceDecisions, after[r].PresenceDecisions);
        }
    }

    [OnnxRuntimeFact]
    public void A_prediction_engine_runs_the_onnx_pipeline()
    {
        ITransformer onnx = OnnxRuntimePipeline().Fit(tiny.Phantoms);
        var engine = tiny.Ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(onnx);
        ScanInput first = tiny.Ml.Data.CreateEnumerable<ScanInput>(tiny.Phantoms, false).First();
        LandmarkPrediction p = engine.Predict(first);
        AssertSameLandmarks([tiny.OwnPredictions()[0]], [p]);
    }

    internal static double AssertSameLandmarks(IReadOnlyList<LandmarkPrediction> expected, IReadOnlyList<LandmarkPrediction> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        double max = 0;
        for (int r = 0; r < expected.Count; r++)
        {
            LandmarkPrediction e = expected[r], a = actual[r];
            Assert.Equal(e.PredictedLandmarks.Length, a.PredictedLandmarks.Length);
            for (int l = 0; l < e.PresenceProbabilities.Length; l++)
            {
                double d = Math.Sqrt(Enumerable.Range(0, 3).Sum(c => Math.Pow(e.PredictedLandmarks[(3 * l) + c] - a.PredictedLandmarks[(3 * l) + c], 2)));
                max = Math.Max(max, d);
                Assert.True(d < 1e-3, $"scan {r} landmark {l}: {d} mm apart");
                Assert.Equal(e.PresenceProbabilities[l], a.PresenceProbabilities[l], 4);
                Assert.Equal(e.PresenceDecisions[l], a.PresenceDecisions[l]);
            }
        }

        return max;
    }

    private static string[] LandmarkSlots(IDataView scored)
    {
        DataViewSchema.Column column = scored.Schema[ScanColumnNames.PresenceProbabilities];
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }
}
