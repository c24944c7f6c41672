using H3deMl.Tensors.Serialization;

namespace H3deMl.Tensors.NN;

/// <summary>
/// A state dict (or parameter file) does not fit a module: parameters are missing, keys are unexpected, or shapes
/// differ. The message and the properties list every problem at once, not only the first.
/// </summary>
public sealed class StateDictMismatchException : ModelFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file the state dict came from, or a description such as "(state dict)".</param>
    /// <param name="message">The full message.</param>
    /// <param name="missingKeys">Module parameters absent from the state dict.</param>
    /// <param name="unexpectedKeys">State-dict keys that name no module parameter.</param>
    /// <param name="mismatchedShapes">Keys present on both sides with different shapes.</param>
    public StateDictMismatchException(string filePath, string message, IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys,
        IReadOnlyList<ShapeMismatch> mismatchedShapes)
        : base(filePath, message)
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        MismatchedShapes = mismatchedShapes;
    }

    /// <summary>Module parameters absent from the state dict (empty for a non-strict load).</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>State-dict keys that name no module parameter (empty for a non-strict load).</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>Keys whose shapes differ between the module and the state dict.</summary>
    public IReadOnlyList<ShapeMismatch> MismatchedShapes { get; }

    /// <summary>One key whose shape differs.</summary>
    /// <param name="Key">The parameter path.</param>
    /// <param name="ExpectedShape">The module parameter's shape.</param>
    /// <param name="FoundShape">The state dict tensor's shape.</param>
    public sealed record ShapeMismatch(string Key, IReadOnlyList<int> ExpectedShape, IReadOnlyList<int> FoundShape);
}
