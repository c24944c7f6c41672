using System.Diagnostics;
using System.IO.Compression;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Volumes;
using H3deMl.Trainers.Registration;
using H3deMl.Trainers.Tests.Persistence;
using H3deMl.Trainers.Tests.Training;
using Microsoft.ML;
using Xunit.Abstractions;

namespace H3deMl.Trainers.Tests.Registration;

public sealed class TemplateRegistrationTests(ITestOutputHelper output)
{
    private static readonly Lazy<(MLContext Ml, IDataView Train, TemplateRegistrationModel Model)> Shared = new(() =>
    {
        var ml = new MLContext(seed: 3);
        IDataView train = ml.Data.GeneratePhantoms(5, seed: 3, RegistrationKit.Phantom);
        return (ml, train, ml.Landmarks.Trainers.TemplateRegistration(RegistrationKit.Options()).Fit(train));
    });

    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 120)]
    [InlineData(3, 179)]
    public void Predict_UnseenPhantomInAnyPose_FindsTheLandmarks(int seed, double degrees)
    {
        (MLContext ml, _, TemplateRegistrationModel model) = Shared.Value;
        (Volume volume, LandmarkSet truth) = RegistrationKit.RotatedPhantom(seed, degrees);
        var engine = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(model);
        var watch = Stopwatch.StartNew();
        LandmarkPrediction prediction = engine.Predict(new ScanInput { Volume = volume });
        double[] errors = RegistrationKit.Errors(prediction, model.LandmarkNames, truth);
        output.WriteLine($"{degrees}°: MRE {errors.Average():F3} mm, max {errors.Max():F3} mm over {errors.Length} landmarks, {watch.ElapsedMilliseconds} ms");
        Assert.True(errors.Average() < 1.0, $"MRE {errors.Average():F3} mm");
        Assert.All(prediction.PresenceProbabilities, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public async Task Predict_IsTheSameOnOneThread()
    {
        TemplateRegistrationModel model = Shared.Value.Model;
        Volume volume = RegistrationKit.RotatedPhantom(7, 100).Volume;
        LandmarkPrediction parallel = model.Predict(volume);
        LandmarkPrediction serial = await Task.Factory.StartNew(
            () => model.Predict(volume),
            CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, 1).ExclusiveScheduler);
        Assert.Equal(parallel.PredictedLandmarks, serial.PredictedLandmarks);
        Assert.Equal(parallel.PresenceProbabilities, serial.PresenceProbabilities);
    }

    [Fact]
    public void MeanShape_UnseenPhantomInAnyPose_IsCloseToo()
    {
        (MLContext ml, IDataView train, _) = Shared.Value;
        TemplateRegistrationModel model = ml.Landmarks.Trainers.MeanShape(RegistrationKit.Options()).Fit(train);
        Assert.Equal(TemplateRegistrationMethod.MeanShape, model.Options.Method);
        (Volume volume, LandmarkSet truth) = RegistrationKit.RotatedPhantom(4, 150);
        double[] errors = RegistrationKit.Errors(model.Predict(volume), model.LandmarkNames, truth);
        output.WriteLine($"mean shape: MRE {errors.Average():F3} mm");
        Assert.True(errors.Average() < 2.0, $"MRE {errors.Average():F3} mm");
    }

    [Fact]
    public void SaveLoad_GivesIdenticalPredictions()
    {
        (MLContext ml, IDataView train, TemplateRegistrationModel model) = Shared.Value;
        string path = PersistenceKit.TempPath(".zip");
        ml.Model.Save(model, train.Schema, path);
        ITransformer loaded = ml.Model.Load(path, out _);
        Assert.Equal(model.LandmarkNames, loaded.GetLandmarkNames());
        Volume volume = RegistrationKit.RotatedPhantom(5, 60).Volume;
        LandmarkPrediction before = model.Predict(volume);
        LandmarkPrediction after = ml.Model.CreatePredictionEngine<ScanInput, LandmarkPrediction>(loaded).Predict(new ScanInput { Volume = volume });
        Assert.Equal(before.PredictedLandmarks, after.PredictedLandmarks);
        Assert.Equal(before.PresenceProbabilities, after.PresenceProbabilities);
        Assert.Equal(before.PresenceDecisions, after.PresenceDecisions);
    }

    [Fact]
    public void Load_DamagedTemplates_IsRefused()
    {
        (MLContext ml, IDataView train, TemplateRegistrationModel model) = Shared.Value;
        string path = PersistenceKit.TempPath(".zip");
        ml.Model.Save(model, train.Schema, path);
        var stream = new MemoryStream();
        stream.Write(File.ReadAllBytes(path));
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            ZipArchiveEntry entry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(TemplateRegistrationModel.TemplatesEntryName, StringComparison.Ordinal));
            byte[] bytes;
            using (var read = new MemoryStream())
            {
                using (Stream s = entry.Open())
                {
                    s.CopyTo(read);
                }

                bytes = read.ToArray();
            }

            bytes[bytes.Length / 2] ^= 0x20;
            using Stream write = entry.Open();
            write.SetLength(0);
            write.Write(bytes);
        }

        Exception? e = Record.Exception(() => ml.Model.Load(new MemoryStream(stream.ToArray()), out _));
        Assert.NotNull(e);
        Assert.Contains("does not match the SHA-256", TrainingTestKit.AllMessages(e));
    }

    [Fact]
    public void Fit_WithoutLandmarks_NamesTheColumn()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.GeneratePhantoms(1, seed: 1, RegistrationKit.Phantom);
        var options = RegistrationKit.Options() with { LandmarksColumnName = "Missing" };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Landmarks.Trainers.TemplateRegistration(options).Fit(train));
        Assert.Contains("'Missing'", e.Message);
    }
}
