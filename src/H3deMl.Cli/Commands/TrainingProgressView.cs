using System.Globalization;
using System.Text;
using H3deMl;

namespace H3deMl.Cli.Commands;

/// <summary>
/// Shows training progress: on a terminal one live line (epoch, a bar over the epoch's batches, loss, validation MRE,
/// time left) redrawn after every batch and kept as a summary line after every epoch; when the output is redirected
/// (a file, a pipe, a test) one plain line per batch and per epoch instead.
/// </summary>
/// <param name="output">Where to write.</param>
/// <param name="live">Redraw one line with carriage returns (only for a terminal).</param>
internal sealed class TrainingProgressView(TextWriter output, bool live) : IProgress<TrainingProgress>
{
    private const int BarWidth = 24;
    private int _lastLength;

    /// <summary>Whether the live line is on screen (so a message must start on a new line).</summary>
    public bool LineOpen { get; private set; }

    /// <summary>Reports progress; called synchronously by the trainer after each batch and each epoch.</summary>
    public void Report(TrainingProgress p)
    {
        string epoch = $"epoch {p.Epoch}/{p.Epochs}";
        string mre = p.ValidationMreMm is { } m ? string.Create(CultureInfo.InvariantCulture, $"  val MRE {m:F2} mm") : "";
        string left = $"  {CommandLineText.Duration(p.EstimatedRemaining)} left";
        if (p.Batch == 0)
        {
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{epoch}  loss {(double.IsNaN(p.Loss) ? "n/a" : p.Loss.ToString("G4", CultureInfo.InvariantCulture))}{mre}  lr {p.LearningRate:G3}  {CommandLineText.Duration(p.Elapsed)} elapsed{left}");
            if (live)
            {
                Clear();
            }

            output.WriteLine(line);
            output.Flush();
            return;
        }

        string batch = string.Create(CultureInfo.InvariantCulture,
            $"batch {p.Batch}/{p.Batches}  loss {p.Loss:G4}{mre}  {p.SamplesPerSecond:F2} scans/s{left}");
        if (!live)
        {
            output.WriteLine($"{epoch}  {batch}");
            output.Flush();
            return;
        }

        int filled = (int)Math.Round(BarWidth * (double)p.Batch / Math.Max(1, p.Batches));
        string text = $"{epoch} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {batch}";
        var sb = new StringBuilder("\r").Append(text);
        if (text.Length < _lastLength)
        {
            sb.Append(' ', _lastLength - text.Length);
        }

        _lastLength = text.Length;
        output.Write(sb.ToString());
        output.Flush();
        LineOpen = true;
    }

    /// <summary>Ends the live line (if any) so the next message starts on a fresh line.</summary>
    public void EndLine()
    {
        if (LineOpen)
        {
            output.WriteLine();
            LineOpen = false;
            _lastLength = 0;
        }
    }

    private void Clear()
    {
        if (LineOpen)
        {
            output.Write("\r" + new string(' ', _lastLength) + "\r");
            LineOpen = false;
            _lastLength = 0;
        }
    }
}
