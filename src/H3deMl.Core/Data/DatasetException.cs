namespace H3deMl.Core.Data;

/// <summary>A dataset is inconsistent or incomplete: landmark names differ between cases, a case lacks a file, a
/// manifest row is malformed. The message names the case and the file.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, naming the case and what is wrong.</param>
    /// <param name="caseId">The case at fault, if any.</param>
    /// <param name="filePath">The file at fault, if any.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DatasetException(string message, string? caseId = null, string? filePath = null, Exception? innerException = null)
        : base(message, innerException)
    {
        CaseId = caseId;
        FilePath = filePath;
    }

    /// <summary>The case at fault, if any.</summary>
    public string? CaseId { get; }

    /// <summary>The file at fault, if any.</summary>
    public string? FilePath { get; }
}
