using System.Globalization;

namespace H3deMl.Cli.Commands;

/// <summary>
/// The validated training settings: each configuration (tiny, small, reference) brings its architecture and defaults
/// for crop, epochs, batch and learning rate, which the command line may override.
/// </summary>
internal sealed record TrainSettings(
    H3deNetArchitecture Architecture, int[] Crop, int Epochs, int BatchSize, double LearningRate, double? SpacingMm, TimeSpan? TimeLimit, (float Min, float Max)? Window, bool NormalizePose = false)
{
    /// <summary>The configuration names, smallest first.</summary>
    public static readonly string[] Configs = ["tiny", "small", "reference"];

    /// <summary>The configuration used when --config is not given.</summary>
    public const string DefaultConfig = "tiny";

    /// <summary>The window the reference network is trained on; heatmap radius and decoding scale from it.</summary>
    private const double ReferenceCropVoxels = 128.0 * 128 * 64;

    /// <summary>Heatmap target radius in voxels: the reference's 20 at 128×128×64, scaled with the crop's edge length.</summary>
    public double HeatmapRadiusVoxels => Math.Max(3, 20 * Math.Cbrt(CropVoxels / ReferenceCropVoxels));

    /// <summary>Voxels the heatmap decoder averages: the reference's 500 at 128×128×64, scaled with the crop's volume.</summary>
    public int HeatmapDecodeMinimumVoxels => Math.Max(8, (int)Math.Round(500 * CropVoxels / ReferenceCropVoxels));

    private double CropVoxels => (double)Crop[0] * Crop[1] * Crop[2];

    /// <summary>The settings, or null with a one-line usage problem.</summary>
    public static TrainSettings? Parse(TrainArguments a, out string problem)
    {
        problem = "";
        (H3deNetArchitecture architecture, string crop, int epochs, int batch, double lr) = a.Config switch
        {
            "reference" => (H3deNetArchitecture.Reference, "128,128,64", 200, 4, 1e-3),
            "small" => (H3deNetArchitecture.Small, "64,64,64", 40, 1, 3e-3),
            _ => (H3deNetArchitecture.Tiny, "48,48,48", 40, 1, 6e-3),
        };
        if (!IntList.TryParse(a.Crop ?? crop, 3, out int[] cropSize))
        {
            problem = $"--crop needs three positive sizes like 128,128,64; got '{a.Crop}'.";
            return null;
        }

        (float Min, float Max)? window = null;
        if (a.Window is not null && (window = IntensityWindow.Parse(a.Window)) is null)
        {
            problem = $"--window needs MIN,MAX with MIN < MAX, like -1000,2000; got '{a.Window}'.";
            return null;
        }

        if (a.Epochs is < 1 || a.Batch is < 1 || a.Threads is < 1)
        {
            problem = "--epochs, --batch and --threads need a positive number.";
            return null;
        }

        if (a.LearningRate is { } rate && !(rate > 0 && rate < 10))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"--lr needs a positive learning rate like 0.001; got {rate}.");
            return null;
        }

        if (a.Spacing is { } spacing && !(spacing > 0 && spacing <= 100))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"--spacing needs a positive spacing in millimetres like 1.5; got {spacing}.");
            return null;
        }

        TimeSpan? limit = null;
        if (a.TimeLimit is not null)
        {
            if (!Durations.TryParse(a.TimeLimit, out TimeSpan parsed))
            {
                problem = $"--time-limit needs a duration like 90s, 50m, 2h or 1h30m; got '{a.TimeLimit}'.";
                return null;
            }

            limit = parsed;
        }

        return new TrainSettings(architecture, cropSize, a.Epochs ?? epochs, a.Batch ?? batch, a.LearningRate ?? lr, a.Spacing, limit, window, a.NormalizePose);
    }
}
