using H3deMl.Tensors.Serialization;
using H3deMl.Trainers.Model;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace H3deMl.Cli.Commands;

/// <summary>Reads the model zips the tool writes (<c>ml.Model.Save</c>) and takes their scoring form.</summary>
internal static class ModelFile
{
    /// <summary>Loads a model zip through <c>ml.Model.Load</c> and drops its training-only steps (random crops, targets).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a model zip, is damaged, or holds no landmark model.</exception>
    public static ITransformer Load(MLContext ml, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: the model file does not exist.", path);
        }

        ITransformer model;
        try
        {
            model = ml.Model.Load(path, out _);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException or ArgumentException or EndOfStreamException or ModelFormatException or NotSupportedException)
        {
            throw new ModelFormatException(path, $"{path}: not an H3deMl model zip, or damaged ({CommandErrors.OneLine(e.Message)}).", innerException: e);
        }

        try
        {
            _ = model.GetLandmarkNames();
        }
        catch (ArgumentException)
        {
            throw new ModelFormatException(path, $"{path}: the model holds no landmark model (write models with 'h3de train' or 'h3de import-checkpoint').");
        }

        return Scoring(model);
    }

    /// <summary>The network step of a model.</summary>
    /// <exception cref="ModelFormatException">The model holds no H3DE-Net (a registration model, for example).</exception>
    public static H3deNetModel Network(ITransformer model, string path)
    {
        try
        {
            return model.GetH3deNetModel();
        }
        catch (ArgumentException)
        {
            throw new ModelFormatException(path, $"{path}: the model holds no whole-scan H3DE-Net, which this needs (its landmarks come from registration and refinement).");
        }
    }

    /// <summary>The scoring form of a fitted or loaded pipeline: the steps appended with <see cref="TransformerScope.Training"/> left out.</summary>
    public static ITransformer Scoring(ITransformer model) => model switch
    {
        TransformerChain<ITransformer> chain => chain.GetModelFor(TransformerScope.Scoring),
        TransformerChain<H3deNetModel> chain => chain.GetModelFor(TransformerScope.Scoring),
        _ => model,
    };
}
