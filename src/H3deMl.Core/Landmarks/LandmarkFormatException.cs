namespace H3deMl.Core.Landmarks;

/// <summary>A landmark file is malformed or uses something we do not read (an unknown coordinate system, a missing
/// column, a non-numeric coordinate, a NumPy array of the wrong shape).</summary>
/// <remarks>A separate type from <see cref="H3deMl.Core.IO.VolumeFormatException"/> because landmark files are text
/// with lines and fields rather than binary volumes; the message starts with the file name (and line, when known).</remarks>
public sealed class LandmarkFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file the problem is in.</param>
    /// <param name="message">The full message, starting with the file name.</param>
    /// <param name="line">1-based line number, when known.</param>
    /// <param name="field">The field or column involved, when one is.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public LandmarkFormatException(string filePath, string message, int? line = null, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        Line = line;
        Field = field;
    }

    /// <summary>The file the problem is in.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number of the problem, when known.</summary>
    public int? Line { get; }

    /// <summary>The field or column involved, when one is.</summary>
    public string? Field { get; }
}
