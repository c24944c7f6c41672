using System.CommandLine;

namespace H3deMl.Cli.Commands;

/// <summary>
/// <c>h3de train --train DIR --out MODEL.zip [...]</c>: the options and help of the train command; the work is in
/// <see cref="TrainRun"/>.
/// </summary>
internal static class TrainCommand
{
    private static readonly string[] Heads = ["auto", "heatmap", "anchors", "both"];

    /// <summary>The measured time of the first example (16 phantoms from 'h3de synth', default configuration, 2-core CPU).</summary>
    internal const string DefaultConfigTime = "1 min 47 s (measured)";

    public static Command Create(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var train = new Option<string>("--train") { Description = "The training data: a folder (or manifest .csv) as 'h3de synth' writes or the reference layout (see ml.Data.LoadScans).", Required = true };
        var val = new Option<string?>("--val") { Description = "Validation data (same layouts): measured after every epoch; the model keeps the weights with the best validation MRE, stops early after 20 epochs without improvement, and chooses its presence threshold on it. Without it the last epoch's weights and threshold 0.5 are kept." };
        var outPath = new Option<string>("--out") { Description = "The model zip to write (an ML.NET model zip). Its folder must exist; an existing file is replaced only with --overwrite. Both are checked before training starts.", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var config = new Option<string>("--config") { Description = "Network size and defaults: tiny (about 0.3 M parameters; crop 48³, 40 epochs, batch 1, lr 6e-3), small (about 1.2 M; crop 64³, 40 epochs, batch 1, lr 3e-3) or reference (24.5 M, the published network; crop 128×128×64, 200 epochs, batch 4, lr 1e-3). Default tiny.", DefaultValueFactory = _ => TrainSettings.DefaultConfig };
        config.AcceptOnlyFromAmong(TrainSettings.Configs);
        var head = new Option<string>("--head") { Description = "Output head: heatmap, anchors, both, or auto (default: heatmap when every training case has every landmark, anchors otherwise).", DefaultValueFactory = _ => "auto" };
        head.AcceptOnlyFromAmong(Heads);
        var epochs = new Option<int?>("--epochs") { Description = "Maximum epochs (default from --config)." };
        var batch = new Option<int?>("--batch") { Description = "Crops per optimisation step (default from --config)." };
        var crop = new Option<string?>("--crop") { Description = "Training crop (and prediction window) in voxels as I,J,K (default from --config). Scans larger than it are covered by overlapping windows at prediction. Heatmap radius and decoding scale with it." };
        var lr = new Option<double?>("--lr") { Description = "Start learning rate (default from --config); it decays by 0.98 per epoch." };
        var normalizePose = new Option<bool>("--normalize-pose") { Description = "Register every scan's bone to the first training scan's (similarity, any starting pose) and resample it along that scan's principal axes at --spacing (saved with the model, so prediction does the same); for specimens scanned in arbitrary poses. World coordinates stay those of each scan." };
        var spacing = new Option<double?>("--spacing") { Description = "Resample every scan to this isotropic spacing in mm before cropping (saved with the model, so prediction resamples too). Default: keep each scan's spacing." };
        var timeLimit = new Option<string?>("--time-limit") { Description = "The training time, e.g. 90s, 50m, 2h, 1h30m. Self-configured (no network option given): the whole budget, default 10m. Otherwise: stop after the epoch during which this much time has passed; the model is saved as after the last epoch." };
        var window = new Option<string?>("--window") { Description = "Intensity window MIN,MAX in scan units (e.g. -1000,2000 for CT in HU), scaled to [0, 1]. Default: each scan's 0.5 to 99.5 percentile range." };
        var seed = new Option<int>("--seed") { Description = "The seed of initialisation, data order and crops; the same seed gives the same model.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: all cores). Results do not depend on it." };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint written by an earlier (interrupted) run with the same data and options." };
        var checkpointDir = new Option<string?>("--checkpoint-dir") { Description = "Where to write the checkpoint (last.ckpt) after every epoch and on Ctrl+C (default: MODEL.checkpoints next to the model zip)." };
        var cache = new Option<string?>("--cache") { Description = "A folder for decoded volumes, so later epochs do not decode the scans again (not saved with the model)." };
        var command = new Command(
            "train",
            "Train on a folder of scans with landmarks and save the whole pipeline as an ML.NET model zip.\n\n" +
            "With no option that shapes the network (only --train, --val, --out, --time-limit, --seed, --threads, --cache, --overwrite), training configures itself " +
            "from the data and the time limit (default 10m) and prints what it chose: pose normalisation, template registration of the bone surface as the coarse stage, " +
            "and an H3DE-Net that refines each landmark on full-resolution patches (ml.Landmarks.Trainers.H3deNetCoarseToFine). Without --val, 20 % of the scans are held out.\n\n" +
            "With --config, --crop, --spacing or another network option, one H3DE-Net is trained on whole (resampled) scans, as configured. " +
            "Shows a live progress bar (epoch, batch, loss, validation MRE, time left). Ctrl+C finishes the running batch, writes a checkpoint, " +
            "prints the command that resumes, and exits with code 130.\n\n" +
            "Examples:\n" +
            "  h3de train --train bench/mouse/train.csv --val bench/mouse/val.csv --out mouse.zip --time-limit 50m     # self-configured coarse-to-fine\n" +
            $"  h3de train --train data/phantoms --out h3de.zip --config tiny     # 16 phantoms of 'h3de synth', one network (tiny, crop 48³, 40 epochs, auto head = anchors): {DefaultConfigTime} on a 2-core CPU, 11.7 mm MRE on 8 others\n" +
            "  h3de train --train data/phantoms --out h3de.zip --spacing 2 --crop 40,40,32 --head heatmap     # same phantoms: 4.4 mm MRE on 8 others, about 2 to 4 minutes\n" +
            "  h3de train --train data/train --val data/val --out small.zip --config small --spacing 1.5 --time-limit 50m\n" +
            "  h3de train --train data/train --val data/val --out h3de.zip --config reference --lr 1e-3 --window -1000,2000\n" +
            "  h3de train --train data/train --out h3de.zip --resume h3de.checkpoints/last.ckpt")
        {
            train, val, outPath, overwrite, config, head, epochs, batch, crop, lr, spacing, normalizePose, timeLimit, window, seed, threads, resume, checkpointDir, cache,
        };
        Option[] shaping = [config, head, epochs, batch, crop, lr, spacing, normalizePose, window, resume, checkpointDir];
        command.SetAction(parse => CommandErrors.Guard(error, () => TrainRun.Run(
            new TrainArguments(
                parse.GetValue(train)!, parse.GetValue(val), parse.GetValue(outPath)!, parse.GetValue(head)!, parse.GetValue(config)!, parse.GetValue(epochs),
                parse.GetValue(batch), parse.GetValue(crop), parse.GetValue(lr), parse.GetValue(spacing), parse.GetValue(timeLimit), parse.GetValue(window),
                parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(resume), parse.GetValue(checkpointDir), parse.GetValue(cache), parse.GetValue(overwrite), parse.GetValue(normalizePose),
                SelfConfigured: !shaping.Any(o => parse.GetResult(o) is { Implicit: false })),
            output,
            error,
            cancellationToken)));
        return command;
    }
}
