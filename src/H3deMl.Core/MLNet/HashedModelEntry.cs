using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Core.MLNet;

/// <summary>A component's large binary payload (weights, templates, an ONNX graph) in its own entry of a model zip,
/// with its length and SHA-256 in the component's main entry, so a changed, cut or swapped payload is refused.</summary>
/// <remarks>Layout in the main entry: int64 byte count, then the 32-byte SHA-256; the payload in the entry
/// <c>name</c> beside it. Loading bounds the count before allocating and reads exactly that many bytes.</remarks>
internal static class HashedModelEntry
{
    public static void Save(ModelSaveContext ctx, string name, byte[] bytes)
    {
        ctx.Writer.Write((long)bytes.Length);
        ctx.Writer.Write(SHA256.HashData(bytes));
        ctx.SaveBinaryStream(name, w => w.Write(bytes));
    }

    /// <param name="env">The environment (for ML.NET's decode errors).</param>
    /// <param name="ctx">The component's load context, positioned at the count.</param>
    /// <param name="component">The component, named in messages.</param>
    /// <param name="name">The payload's entry.</param>
    /// <param name="maxBytes">The most this component's payload can hold.</param>
    public static byte[] Load(IHostEnvironment env, ModelLoadContext ctx, string component, string name, long maxBytes)
    {
        long length = ctx.Reader.ReadInt64();
        byte[] sha = ctx.Reader.ReadBytes(32);
        env.CheckDecode(length > 0 && length <= maxBytes, $"{component}: the model claims {length} bytes for '{name}', more than the {maxBytes} it can hold; the model file is damaged or was not written by H3deMl.");
        env.CheckDecode(sha.Length == 32, $"{component}: the model file is truncated (no hash of '{name}').");
        byte[]? bytes = null;
        if (!ctx.TryLoadBinaryStream(name, r => bytes = ReadExactly(env, r.BaseStream, length, component, name)))
        {
            throw env.ExceptDecode($"{component}: the model file has no '{name}' entry.");
        }

        env.CheckDecode(SHA256.HashData(bytes!).AsSpan().SequenceEqual(sha), $"{component}: '{name}' does not match the SHA-256 recorded with it; the model file is damaged or has been modified.");
        return bytes!;
    }

    private static byte[] ReadExactly(IHostEnvironment env, Stream stream, long length, string component, string name)
    {
        var bytes = new byte[length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = stream.Read(bytes, read, bytes.Length - read);
            env.CheckDecode(n > 0, $"{component}: '{name}' is truncated ({read} of {length} bytes).");
            read += n;
        }

        env.CheckDecode(stream.ReadByte() < 0, $"{component}: '{name}' is longer than the {length} bytes recorded.");
        return bytes;
    }
}
