using System.IO.Enumeration;

namespace H3deMl.Core.IO.Dicom;

/// <summary>Finds the candidate files of a folder: regular files only (a FIFO would block the reader in open(2), a device
/// would never end), without following symbolic links to folders (a link to a parent folder would make the same files
/// appear again and again), and at most <see cref="MaxDepth"/> folders deep.</summary>
internal static class DicomFolderScan
{
    /// <summary>The deepest folder searched below the one given.</summary>
    public const int MaxDepth = 32;

    /// <summary>The files under <paramref name="folder"/>, in ordinal order of their paths.</summary>
    public static string[] Files(string folder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MaxRecursionDepth = MaxDepth,
            AttributesToSkip = 0,
        };
        var entries = new FileSystemEnumerable<string>(folder, (ref FileSystemEntry e) => e.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory,
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return entries.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>True for a non-empty regular file (or a link to one). FIFOs, sockets and devices report a size of 0, and
    /// an empty file cannot be DICOM, so nothing of size 0 is opened.</summary>
    public static bool IsReadableRegularFile(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && (info.Attributes & FileAttributes.Directory) == 0 && info.Length > 0;
    }
}
