namespace H3deMl.Core.IO;

/// <summary>The base of errors in a scan file's content: the input is wrong, not the caller's code.</summary>
/// <remarks>
/// <para>Two sealed subclasses say which way: <see cref="InvalidVolumeContentException"/> for malformed content (a truncated
/// file, wrong magic, an absurd size, NaN in a header field, a header contradicting the data size) and
/// <see cref="UnsupportedVolumeContentException"/> for well-formed content we do not read (an element type, an encoding,
/// a transfer syntax). Catch this type to handle both.</para>
/// <para>The message starts with the file name and reads "where: what is wrong (expected vs found); what to do".</para>
/// </remarks>
public abstract class VolumeFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file the problem is in.</param>
    /// <param name="message">The full message, starting with the file name.</param>
    /// <param name="offset">Byte offset of the problem in the file (or decompressed stream), when known.</param>
    /// <param name="field">Header field involved (e.g. "sizes", "vox_offset"), when one is.</param>
    /// <param name="tag">DICOM tag involved, as "(gggg,eeee)", when one is.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    protected VolumeFormatException(string filePath, string message, long? offset, string? field, string? tag, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = filePath;
        Offset = offset;
        Field = field;
        Tag = tag;
    }

    /// <summary>The file the problem is in.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset of the problem in the file (for compressed data: in the decompressed stream), when known.</summary>
    public long? Offset { get; }

    /// <summary>The header field involved, when one is.</summary>
    public string? Field { get; }

    /// <summary>The DICOM tag involved, as "(gggg,eeee)", when one is.</summary>
    public string? Tag { get; }
}

/// <summary>A scan file is malformed: truncated, wrong magic, absurd sizes, NaN in a header field, a header that
/// contradicts the data size, and the like.</summary>
public sealed class InvalidVolumeContentException : VolumeFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file the problem is in.</param>
    /// <param name="message">The full message, starting with the file name.</param>
    /// <param name="offset">Byte offset of the problem, when known.</param>
    /// <param name="field">Header field involved, when one is.</param>
    /// <param name="tag">DICOM tag involved, when one is.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InvalidVolumeContentException(string filePath, string message, long? offset = null, string? field = null, string? tag = null, Exception? innerException = null)
        : base(filePath, message, offset, field, tag, innerException)
    {
    }
}

/// <summary>A scan file is well formed but uses something we do not read: an element type, an encoding, a transfer
/// syntax, a dimension count.</summary>
public sealed class UnsupportedVolumeContentException : VolumeFormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file the problem is in.</param>
    /// <param name="message">The full message, starting with the file name, saying how to convert the file.</param>
    /// <param name="offset">Byte offset of the problem, when known.</param>
    /// <param name="field">Header field involved, when one is.</param>
    /// <param name="tag">DICOM tag involved, when one is.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public UnsupportedVolumeContentException(string filePath, string message, long? offset = null, string? field = null, string? tag = null, Exception? innerException = null)
        : base(filePath, message, offset, field, tag, innerException)
    {
    }
}
