using H3deMl.Core.Landmarks;
using H3deMl.Tensors;
using H3deMl.Tensors.Autograd;
using H3deMl.Trainers.Model;
using H3deMl.Cli.Commands;
using H3deMl.Transforms.Cropping;
using H3deMl.Transforms.Targets;
using Microsoft.ML;
using CoreNpy = H3deMl.Core.IO.Numpy.NpyArray;

namespace H3deMl.Cli.Tests.Commands;

/// <summary>train → evaluate → predict on tiny phantoms, through the command line as a user runs it.</summary>
public sealed class TrainEvaluatePredictTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static readonly string[] PhantomLandmarks =
        ["Nasion", "Vertex", "Basion", "Opisthion", "L_Orbit", "R_Orbit", "L_Condyle", "R_Condyle", "Incisor", "L_Canine", "R_Canine", "L_Molar", "R_Molar"];

    [Fact]
    public void Train_WritesModelZipThatLoads_AndReportsProgress()
    {
        Assert.True(fixture.TrainCode == 0, fixture.TrainError);
        Assert.Contains("epoch 1/1  batch 1/2", fixture.TrainOutput, StringComparison.Ordinal);
        Assert.Contains("epoch 1/1  batch 2/2", fixture.TrainOutput, StringComparison.Ordinal);
        Assert.Contains("Saved ", fixture.TrainOutput, StringComparison.Ordinal);
        ITransformer model = new MLContext().Model.Load(fixture.Model, out _);
        Assert.Equal(PhantomLandmarks, model.GetLandmarkNames());
        H3deNetModel network = model.GetH3deNetModel();
        Assert.Equal([32, 32, 32], network.Options.WindowSize);

        // The zip keeps the training-only steps with their scope; the commands score without them.
        Assert.Single(Assert.IsAssignableFrom<IEnumerable<ITransformer>>(model).OfType<RandomCropTransformer>());
        var scoring = Assert.IsAssignableFrom<IEnumerable<ITransformer>>(ModelFile.Load(new MLContext(), fixture.Model));
        Assert.Empty(scoring.OfType<RandomCropTransformer>());
        Assert.Empty(scoring.OfType<HeatmapTargetTransformer>());
        Assert.Single(scoring.OfType<H3deNetModel>());
    }

    [Fact]
    public void Evaluate_PrintsMetricsTable_AndWritesCsvTables()
    {
        string folder = fixture.NewFolder();
        string csv = Path.Combine(folder, "test.csv"), report = Path.Combine(folder, "report.html");

        (int code, string output, string error) = CliRunner.Run("evaluate", "--model", fixture.Model, "--data", fixture.Data, "--csv", csv, "--report", report);

        Assert.True(code == 0, error);
        Assert.Contains("4 cases", output, StringComparison.Ordinal);
        Assert.Contains("MRE per case", output, StringComparison.Ordinal);
        Assert.Contains("presence threshold 0.500", output, StringComparison.Ordinal);
        Assert.All(PhantomLandmarks, name => Assert.Contains(name, output, StringComparison.Ordinal));
        string[] cases = File.ReadAllLines(csv);
        Assert.StartsWith("case,", cases[0], StringComparison.Ordinal);
        Assert.Equal(5, cases.Length);
        Assert.Equal(1 + PhantomLandmarks.Length, File.ReadAllLines(Path.ChangeExtension(csv, null) + ".landmarks.csv").Length);
        Assert.True(File.Exists(Path.ChangeExtension(csv, null) + ".errors.csv"));
        string html = File.ReadAllText(report);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("phantom003", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_WritesMarkupsJson_ThatReadsBackAsTheEnginesPrediction()
    {
        string scan = Path.Combine(fixture.Data, "phantom000.nii.gz");
        string outDir = fixture.NewFolder();

        (int code, string output, string error) = CliRunner.Run("predict", "--model", fixture.Model, scan, "--out", outDir);

        Assert.True(code == 0, error);
        var ml = new MLContext();
        ITransformer model = ml.Model.Load(fixture.Model, out _);
        using var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
        IReadOnlyList<PredictedLandmark> expected = engine.Predict(new ScanInput { ScanPath = scan }).ToPoints(model.GetLandmarkNames());
        string written = Path.Combine(outDir, "phantom000.mrk.json");
        LandmarkSet read = LandmarkSet.Read(written);
        Assert.Equal(expected.Select(p => p.Name), read.Names);
        for (int i = 0; i < read.Count; i++)
        {
            var position = new Core.Geometry.Vector3d(expected[i].L, expected[i].P, expected[i].S);
            Assert.Equal(expected[i].IsPresent, read[i].IsPresent);
            Assert.True((position - read[i].PositionLps).Length < 1e-9, $"{read[i].Name}: {read[i].PositionLps} vs {position}");
        }

        string json = File.ReadAllText(written);
        Assert.Contains($"\"description\": \"presence {expected[0].PresenceProbability.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}\"", json, StringComparison.Ordinal);
        Assert.Contains("threshold 0.500", output, StringComparison.Ordinal);
        Assert.Contains("phantom000.nii.gz", output, StringComparison.Ordinal);
        Assert.All(PhantomLandmarks, name => Assert.Contains(name, output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fcsv")]
    [InlineData("csv")]
    public void Predict_OtherFormats_ReadBackWithSameLandmarks(string format)
    {
        string outDir = fixture.NewFolder();

        (int code, _, string error) = CliRunner.Run("predict", "--model", fixture.Model, Path.Combine(fixture.Data, "phantom001.nii.gz"), "--out", outDir, "--format", format);

        Assert.True(code == 0, error);
        LandmarkSet read = LandmarkSet.Read(Path.Combine(outDir, "phantom001." + format));
        Assert.Equal(PhantomLandmarks, read.Names);
    }

    [Fact]
    public void PredictRaw_WritesTheNetworksHeatmap_ExactlyAsAForwardPass()
    {
        string dir = fixture.NewFolder();
        string input = Path.Combine(dir, "input.npy"), output = Path.Combine(dir, "output.npy");
        var random = new Random(7);
        float[] values = [.. Enumerable.Range(0, 32 * 32 * 32).Select(_ => (float)random.NextDouble())];
        using (var file = File.Create(input))
        {
            CoreNpy.WriteFloats(file, values, [1, 1, 32, 32, 32], fortran: false, CancellationToken.None);
        }

        (int code, string stdout, string error) = CliRunner.Run("predict", "--model", fixture.Model, "--raw", input, "--raw-out", output);

        Assert.True(code == 0, error);
        Assert.Contains("heatmap 1×13×32×32×32", stdout, StringComparison.Ordinal);
        CoreNpy raw = CoreNpy.Read(output);
        Assert.Equal([1L, 13, 32, 32, 32], raw.Shape);
        H3deNetModel model = new MLContext().Model.Load(fixture.Model, out _).GetH3deNetModel();
        float[] expected;
        using (new TensorScope())
        using (GradMode.NoGrad())
        {
            expected = model.Model.Forward(Tensor.FromArray(values, 1, 1, 32, 32, 32)).Heatmap!.ToArray();
        }

        Assert.Equal(expected, raw.Data);
    }

    [Fact]
    public void PredictRaw_AnchorsFromAHeatmapModel_IsAUsageError()
    {
        string dir = fixture.NewFolder();
        string input = Path.Combine(dir, "input.npy");
        using (var file = File.Create(input))
        {
            CoreNpy.WriteFloats(file, new float[32 * 32 * 32], [1, 1, 32, 32, 32], fortran: false, CancellationToken.None);
        }

        (int code, _, string error) = CliRunner.Run("predict", "--model", fixture.Model, "--raw", input, "--raw-out", Path.Combine(dir, "o.npy"), "--raw-head", "anchors");

        Assert.Equal(2, code);
        Assert.Contains("only the heatmap head", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PredictRaw_WrongShape_IsBadInputNamingTheFile()
    {
        string dir = fixture.NewFolder();
        string input = Path.Combine(dir, "flat.npy");
        using (var file = File.Create(input))
        {
            CoreNpy.WriteFloats(file, new float[9], [3, 3], fortran: false, CancellationToken.None);
        }

        (int code, _, string error) = CliRunner.Run("predict", "--model", fixture.Model, "--raw", input, "--raw-out", Path.Combine(dir, "o.npy"));

        Assert.Equal(1, code);
        Assert.Contains("flat.npy", error, StringComparison.Ordinal);
        Assert.Contains("1×1×D×H×W", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_CorruptScan_IsBadInputNamingTheFile_AndOtherScansAreStillPredicted()
    {
        string dir = fixture.NewFolder();
        string corrupt = Path.Combine(dir, "broken.nii.gz");
        File.WriteAllBytes(corrupt, [0x1f, 0x8b, 1, 2, 3]);

        (int code, string output, string error) = CliRunner.Run("predict", "--model", fixture.Model, corrupt, Path.Combine(fixture.Data, "phantom002.nii.gz"), "--out", dir);

        Assert.Equal(1, code);
        Assert.Contains("broken.nii.gz", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "phantom002.mrk.json")), output);
    }
}
