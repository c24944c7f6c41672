namespace H3deMl.Tensors.Serialization;

/// <summary>
/// A parameter file, checkpoint or state dict is wrong: truncated, inconsistent, of an unsupported element type, or
/// not matching the module it is loaded into. The input is at fault, not the caller's code.
/// </summary>
/// <remarks>
/// The message starts with the file and reads "where: what is wrong (expected vs found); what to do".
/// <see cref="H3deMl.Tensors.NN.StateDictMismatchException"/> derives from this type for parameter sets that do not fit a
/// module; catch this type to handle both.
/// </remarks>
public class ModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file the problem is in ("(stream)" or another description when there is no file).</param>
    /// <param name="message">The full message, starting with the file name.</param>
    /// <param name="field">The header field or tensor name involved, when one is.</param>
    /// <param name="offset">The byte offset of the problem in the file, when known.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelFormatException(string filePath, string message, string? field = null, long? offset = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        FilePath = filePath;
        Field = field;
        Offset = offset;
    }

    /// <summary>The file the problem is in, or a description such as "(stream)" when there is none.</summary>
    public string FilePath { get; }

    /// <summary>The header field or tensor name involved (e.g. "data_offsets", "stages.0.0.weight"), when one is.</summary>
    public string? Field { get; }

    /// <summary>The byte offset of the problem in the file, when known.</summary>
    public long? Offset { get; }
}
