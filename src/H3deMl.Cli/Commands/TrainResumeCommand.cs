using System.Globalization;

namespace H3deMl.Cli.Commands;

/// <summary>The command line that resumes an interrupted <c>h3de train</c> from its checkpoint, with the same options.</summary>
internal static class TrainResumeCommand
{
    public static string Text(TrainArguments a, string checkpoint)
    {
        var args = new List<string> { "h3de", "train", "--train", a.Train };
        if (a.Val is not null) args.AddRange(["--val", a.Val]);
        args.AddRange(["--out", a.Out, "--config", a.Config, "--head", a.Head, "--seed", a.Seed.ToString(CultureInfo.InvariantCulture)]);
        if (a.Crop is not null) args.AddRange(["--crop", a.Crop]);
        if (a.Epochs is { } e) args.AddRange(["--epochs", e.ToString(CultureInfo.InvariantCulture)]);
        if (a.Batch is { } b) args.AddRange(["--batch", b.ToString(CultureInfo.InvariantCulture)]);
        if (a.LearningRate is { } lr) args.AddRange(["--lr", lr.ToString("R", CultureInfo.InvariantCulture)]);
        if (a.Spacing is { } s) args.AddRange(["--spacing", s.ToString("R", CultureInfo.InvariantCulture)]);
        if (a.NormalizePose) args.Add("--normalize-pose");
        if (a.TimeLimit is not null) args.AddRange(["--time-limit", a.TimeLimit]);
        if (a.Window is not null) args.AddRange(["--window", a.Window]);
        if (a.Threads is { } t) args.AddRange(["--threads", t.ToString(CultureInfo.InvariantCulture)]);
        if (a.CheckpointDir is not null) args.AddRange(["--checkpoint-dir", a.CheckpointDir]);
        if (a.Cache is not null) args.AddRange(["--cache", a.Cache]);
        if (a.Overwrite) args.Add("--overwrite");
        args.AddRange(["--resume", checkpoint]);
        return string.Join(' ', args.Select(CommandLineText.Quote));
    }
}
