using System.IO.Compression;

namespace H3deMl.Onnx.Tests.Scoring;

/// <summary>Edits an entry of a saved ML.NET model zip (to test what loading refuses).</summary>
internal static class ModelZip
{
    /// <summary>A copy of <paramref name="zip"/> with the entry whose name ends with <paramref name="entrySuffix"/> rewritten.</summary>
    public static byte[] ReplaceEntry(byte[] zip, string entrySuffix, Func<byte[], byte[]> edit)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            bool found = false;
            foreach (ZipArchiveEntry entry in source.Entries)
            {
                using var buffer = new MemoryStream();
                using (Stream s = entry.Open()) s.CopyTo(buffer);
                byte[] bytes = buffer.ToArray();
                if (entry.FullName.EndsWith(entrySuffix, StringComparison.Ordinal))
                {
                    bytes = edit(bytes);
                    found = true;
                }

                using Stream t = target.CreateEntry(entry.FullName).Open();
                t.Write(bytes);
            }

            Assert.True(found, $"The zip has no entry ending with '{entrySuffix}'.");
        }

        return output.ToArray();
    }
}
