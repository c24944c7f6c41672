
namespace H3deMl.Trainers.Prediction;

/// <summary>
/// Chooses the presence threshold on validation predictions (DECISIONS.md §6): the threshold with the best balanced
/// accuracy (mean of the recall of present and of missing landmarks), so the rare missing class is not swamped by the
/// present one. Candidates are the midpoints between consecutive distinct probabilities; among equally good ones the
/// one nearest the fallback wins. With fewer than <see cref="MinimumPerClass"/> instances of either class nothing is chosen and the fallback is kept.
/// </summary>
internal static class PresenceThresholdSelection
{
    /// <summary>Fewer present or missing validation landmarks than this cannot choose a threshold (one missing landmark
    /// among four scans chose 0.9655), so the fallback is kept.</summary>
    internal const int MinimumPerClass = 5;

    /// <summary>The presence probability and truth of every validation landmark.</summary>
    internal static List<(double Probability, bool Present)> Samples(IEnumerable<(Core.Volumes.Volume Volume, Core.Landmarks.LandmarkSet Truth)> scans, NetworkInference inference, CancellationToken cancellationToken)
    {
        var samples = new List<(double, bool)>();
        foreach ((Core.Volumes.Volume volume, Core.Landmarks.LandmarkSet truth) in scans)
        {
            var decoded = inference.Predict(volume, cancellationToken);
            for (var l = 0; l < truth.Count && l < decoded.Length; l++) samples.Add((decoded[l].PresenceProbability, truth[l].IsPresent));
        }
        return samples;
    }

    /// <summary>The threshold: a landmark is present when its probability is at or above it.</summary>
    /// <param name="samples">Presence probability and truth of every validation landmark instance.</param>
    /// <param name="fallback">The threshold kept when the samples cannot decide (no present or no missing instance).</param>
    internal static double Choose(IReadOnlyList<(double Probability, bool Present)> samples, double fallback)
    {
        int present = samples.Count(s => s.Present), missing = samples.Count - present;
        if (present < MinimumPerClass || missing < MinimumPerClass) return fallback;
        var sorted = samples.Where(s => double.IsFinite(s.Probability)).OrderBy(s => s.Probability).ToArray();
        var distinct = sorted.Select(s => s.Probability).Distinct().ToArray();
        var candidates = new List<double> { distinct[0] };
        for (var i = 1; i < distinct.Length; i++) candidates.Add((distinct[i - 1] + distinct[i]) / 2);
        candidates.Add(Math.BitIncrement(distinct[^1]));

        double best = fallback, bestScore = double.NegativeInfinity;
        foreach (var t in candidates)
        {
            int truePresent = 0, trueMissing = 0;
            foreach (var (p, isPresent) in sorted)
            {
                if (isPresent && p >= t) truePresent++;
                else if (!isPresent && p < t) trueMissing++;
            }
            var score = (((double)truePresent / present) + ((double)trueMissing / missing)) / 2;
            if (score > bestScore + 1e-12 || (Math.Abs(score - bestScore) <= 1e-12 && Math.Abs(t - fallback) < Math.Abs(best - fallback)))
                (best, bestScore) = (t, score);
        }
        return Math.Clamp(best, 0, 1);
    }
}
