using H3deMl.Transforms.Common;
using Microsoft.ML;

namespace H3deMl.Onnx.Decoding;

/// <summary>The model-entry version of this assembly's option-only steps: written as every transform writes its options
/// (<see cref="StepPersistence"/>), with this assembly as the loader ML.NET loads to find the step's class.</summary>
internal static class OnnxStepVersion
{
    public static VersionInfo Of(string modelSignature, string loaderSignature) => new(
        modelSignature: modelSignature,
        verWrittenCur: StepPersistence.Version,
        verReadableCur: StepPersistence.Version,
        verWeCanReadBack: StepPersistence.Version,
        loaderSignature: loaderSignature,
        loaderAssemblyName: typeof(OnnxStepVersion).Assembly.GetName().Name);
}
