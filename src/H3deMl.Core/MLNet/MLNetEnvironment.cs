using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace H3deMl.Core.MLNet;

/// <summary>The ML.NET environment behind a catalog (what <c>ml.Transforms.X(...)</c> extension methods build on).</summary>
internal static class MLNetEnvironment
{
    public static IHostEnvironment Of(TransformsCatalog catalog) => CatalogUtils.GetEnvironment(catalog);

    public static IHostEnvironment Of(DataOperationsCatalog catalog) => CatalogUtils.GetEnvironment(catalog);

    public static IHostEnvironment Of(MLContext context) => context;
}
