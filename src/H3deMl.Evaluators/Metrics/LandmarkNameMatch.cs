namespace H3deMl.Evaluators;

/// <summary>The landmarks of a label column matched by name to those of a score column.</summary>
/// <param name="Names">The shared names, in the label column's order.</param>
/// <param name="LabelIndices">For each shared name, its landmark index in the label column.</param>
/// <param name="ScoreIndices">For each shared name, its landmark index in the score column.</param>
/// <param name="LabelOnly">The label column's names the score column lacks, in the label's order.</param>
/// <param name="ScoreOnly">The score column's names the label column lacks, in the score's order.</param>
internal sealed record LandmarkNameMatch(string[] Names, int[] LabelIndices, int[] ScoreIndices, string[] LabelOnly, string[] ScoreOnly)
{
    /// <summary>Matches the names of two columns.</summary>
    /// <exception cref="ArgumentException">A column names a landmark twice, or the columns share no name (the message
    /// lists both columns' names).</exception>
    public static LandmarkNameMatch Create(string labelColumn, IReadOnlyList<string> labelNames, string scoreColumn, IReadOnlyList<string> scoreNames)
    {
        Dictionary<string, int> label = IndexByName(labelColumn, labelNames);
        Dictionary<string, int> score = IndexByName(scoreColumn, scoreNames);
        string[] shared = [.. labelNames.Where(score.ContainsKey)];
        if (shared.Length == 0)
        {
            throw new ArgumentException(
                $"The label column '{labelColumn}' ({string.Join(", ", labelNames)}) and the score column '{scoreColumn}' ({string.Join(", ", scoreNames)}) share no landmark name; landmarks are matched by name (the columns' slot names), so the model and the dataset must use the same names.",
                "data");
        }

        return new LandmarkNameMatch(
            shared,
            [.. shared.Select(n => label[n])],
            [.. shared.Select(n => score[n])],
            [.. labelNames.Where(n => !score.ContainsKey(n))],
            [.. scoreNames.Where(n => !label.ContainsKey(n))]);
    }

    private static Dictionary<string, int> IndexByName(string column, IReadOnlyList<string> names)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int n = 0; n < names.Count; n++)
        {
            if (!index.TryAdd(names[n], n))
            {
                throw new ArgumentException($"Column '{column}' names the landmark '{names[n]}' twice; landmarks are matched by name.", "data");
            }
        }

        return index;
    }
}
