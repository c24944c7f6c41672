namespace H3deMl.Core.Data;

/// <summary>Checks that every case of a dataset has the same landmark names in the same order.</summary>
internal static class LandmarkNameCheck
{
    /// <summary>Returns the shared names; throws naming the first case that differs from the first case with landmarks.</summary>
    public static IReadOnlyList<string> SharedNames(IEnumerable<(string CaseId, string? Path, IReadOnlyList<string>? Names)> cases)
    {
        IReadOnlyList<string>? reference = null;
        string? referenceCase = null;
        foreach ((string caseId, string? path, IReadOnlyList<string>? names) in cases)
        {
            if (names is null)
            {
                continue;
            }

            if (reference is null)
            {
                reference = names;
                referenceCase = caseId;
                continue;
            }

            if (!reference.SequenceEqual(names, StringComparer.Ordinal))
            {
                string detail = reference.Count != names.Count
                    ? $"it has {names.Count} landmarks, case '{referenceCase}' has {reference.Count}"
                    : Describe(reference, names);
                throw new DatasetException(
                    $"Case '{caseId}'{(path is null ? string.Empty : $" ({path})")}: its landmark names differ from those of case '{referenceCase}' ({detail}); every case of a dataset must have the same landmarks in the same order (mark absent ones as missing instead of leaving them out).",
                    caseId,
                    path);
            }
        }

        return reference ?? [];
    }

    public static IReadOnlyList<string> SharedNames(IEnumerable<ScanRow> rows) =>
        SharedNames(rows.Select(r => (r.Id, r.Source.LandmarksPath, (IReadOnlyList<string>?)r.Landmarks?.Names)));

    private static string Describe(IReadOnlyList<string> reference, IReadOnlyList<string> names)
    {
        for (int n = 0; n < names.Count; n++)
        {
            if (!string.Equals(reference[n], names[n], StringComparison.Ordinal))
            {
                return $"landmark {n} is '{names[n]}' where it is '{reference[n]}'";
            }
        }

        return "same names";
    }
}
