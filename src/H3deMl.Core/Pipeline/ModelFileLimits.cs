using H3deMl.Tensors.Serialization;

namespace H3deMl.Core.Pipeline;

/// <summary>Limits applied to a model zip before anything in it is read, since model files may come from untrusted sources.</summary>
internal static class ModelFileLimits
{
    /// <summary>At most this many entries.</summary>
    public const int MaxEntries = 256;

    /// <summary>The manifest is at most 4 MiB.</summary>
    public const long MaxManifestBytes = 4L << 20;

    /// <summary>Any other entry is at most 2 GiB (the largest .NET array).</summary>
    public const long MaxEntryBytes = int.MaxValue - 64;

    /// <summary>All entries together at most 4 GiB uncompressed.</summary>
    public const long MaxTotalBytes = 4L << 30;

    /// <summary>An entry larger than 1 MiB may not expand more than this many times (zip bombs).</summary>
    public const long MaxCompressionRatio = 1000;

    /// <summary>Entry names are at most this long.</summary>
    public const int MaxNameLength = 200;

    public static void CheckEntryName(string name, string filePath)
    {
        bool ok = !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name[0] != '/' && name[^1] != '/'
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/')
            && !name.Split('/').Any(part => part.Length == 0 || part == "." || part == "..");
        if (!ok)
        {
            if (filePath == "(writing)")
            {
                throw new ArgumentException(
                    $"The entry name '{name}' is not allowed: use letters, digits, '.', '-', '_' and '/' between non-empty parts, no '..', at most {MaxNameLength} characters.",
                    nameof(name));
            }

            throw new ModelFormatException(filePath, $"{filePath}: the zip holds an entry named '{name}', which is not a valid model entry name (absolute path, '..', or unexpected characters); the file is not a model written by H3deMl or has been tampered with.", name);
        }
    }
}
