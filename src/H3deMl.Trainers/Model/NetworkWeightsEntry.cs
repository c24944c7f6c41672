using H3deMl.Core.MLNet;
using H3deMl.Tensors.NN;
using H3deMl.Tensors.Randomness;
using H3deMl.Trainers.Network;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace H3deMl.Trainers.Model;

/// <summary>A network's weights in a model zip: one <c>weights.safetensors</c> entry (reference parameter names),
/// saved and checked as a <see cref="HashedModelEntry"/>; shared by every component that holds an H3DE-Net.</summary>
internal static class NetworkWeightsEntry
{
    public const string EntryName = "weights.safetensors";

    /// <summary>Safetensors header and alignment allowance beyond 4 bytes per parameter.</summary>
    private const long OverheadBytes = 16L << 20;

    /// <summary>The most a safetensors file of <paramref name="network"/>'s parameters can hold.</summary>
    public static long MaxBytes(Module network) => (4 * network.Parameters().Sum(p => (long)p.Value.Length)) + OverheadBytes;

    public static void Save(ModelSaveContext ctx, H3deNet network, string loaderSignature)
    {
        using var weights = new MemoryStream();
        network.SaveSafetensors(weights, new Dictionary<string, string> { ["format"] = "h3deml", ["component"] = loaderSignature });
        HashedModelEntry.Save(ctx, EntryName, weights.ToArray());
    }

    /// <summary>A network of <paramref name="architecture"/> (already validated) with the saved weights.</summary>
    public static H3deNet Load(IHostEnvironment env, ModelLoadContext ctx, string component, H3deNetArchitecture architecture)
    {
        var network = new H3deNet(architecture, new RandomStream(0));
        byte[] bytes = HashedModelEntry.Load(env, ctx, component, EntryName, MaxBytes(network));
        try
        {
            network.LoadSafetensors(new MemoryStream(bytes, writable: false), strict: true, sourceName: EntryName);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or KeyNotFoundException or FormatException)
        {
            throw env.ExceptDecode(e, $"{component}: the weights do not fit the saved architecture: {e.Message}");
        }

        return network;
    }
}
