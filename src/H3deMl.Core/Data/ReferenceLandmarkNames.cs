using System.Globalization;

namespace H3deMl.Core.Data;

/// <summary>The landmark names of the reference H3DE-Net dataset (mandibular molars), used for <c>X_label.npy</c> files.</summary>
public static class ReferenceLandmarkNames
{
    /// <summary>The 14 names in file order: L0, La … Lf, R0, Ra … Rf.</summary>
    public static IReadOnlyList<string> Molar14 { get; } =
        ["L0", "La", "Lb", "Lc", "Ld", "Le", "Lf", "R0", "Ra", "Rb", "Rc", "Rd", "Re", "Rf"];

    /// <summary>The names for a label file with <paramref name="count"/> rows: <see cref="Molar14"/> for 14, otherwise "0", "1", ….</summary>
    /// <param name="count">The number of landmarks, ≥ 0.</param>
    /// <returns>The names.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static IReadOnlyList<string> For(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return count == Molar14.Count ? Molar14 : [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    }
}
