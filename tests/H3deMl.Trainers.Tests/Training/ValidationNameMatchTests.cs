using System.Text.RegularExpressions;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Phantoms;
using H3deMl.Core.Volumes;
using H3deMl.Tensors.Randomness;
using Microsoft.ML;

namespace H3deMl.Trainers.Tests.Training;

/// <summary>Validation pairs landmarks with the training data by name, never by position (issue 15, item 6).</summary>
public sealed class ValidationNameMatchTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "h3de-valnames-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void Fit_ValidationLandmarksInAnotherOrder_GiveTheSameValidationMre()
    {
        string inOrder = Write("ordered", l => [.. l]);
        string reversed = Write("reversed", l => [.. l.Reverse()]);
        Assert.Equal(ValidationMre(inOrder), ValidationMre(reversed));
    }

    [Fact]
    public void Fit_ValidationWithOtherLandmarkNames_IsRefusedWithBothLists()
    {
        string renamed = Write("renamed", l => [.. l.Select(x => x with { Name = "Other" + x.Name })]);
        ArgumentException e = Assert.Throws<ArgumentException>(() => ValidationMre(renamed));
        Assert.Contains("Nasion", e.Message);
        Assert.Contains("OtherNasion", e.Message);
        Assert.Contains("by name", e.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string ValidationMre(string validationFolder)
    {
        var ml = new MLContext(seed: 1);
        string? mre = null;
        ml.Log += (_, e) =>
        {
            Match m = Regex.Match(e.RawMessage, @"validation MRE ([0-9.]+) mm");
            if (m.Success)
            {
                mre = m.Groups[1].Value;
            }
        };
        IDataView train = ml.Data.GeneratePhantoms(2, seed: 1, TrainingTestKit.Phantoms(32));
        TrainingTestKit.HeatmapPipeline(ml, new H3deNetOptions
        {
            Architecture = TrainingTestKit.MiniArchitecture,
            Epochs = 1,
            BatchSize = 1,
            ValidationData = ml.Data.LoadScans(validationFolder),
            HeatmapDecodeMinimumVoxels = 20,
        }).Fit(train);
        return mre ?? throw new InvalidOperationException("no validation MRE was logged");
    }

    private string Write(string name, Func<IReadOnlyList<Landmark>, Landmark[]> arrange)
    {
        string folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        for (int n = 0; n < 2; n++)
        {
            (Volume volume, LandmarkSet landmarks) = PhantomGenerator.Generate(TrainingTestKit.Phantoms(32), new RandomStream(7).Fork((ulong)n));
            volume.Write(Path.Combine(folder, $"case{n}.nii.gz"));
            new LandmarkSet(arrange(landmarks.Landmarks)).Write(Path.Combine(folder, $"case{n}.mrk.json"));
        }

        return folder;
    }
}
