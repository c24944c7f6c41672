using H3deMl.Core.Data;
using H3deMl.Core.IO;
using H3deMl.Core.Landmarks;
using H3deMl.Core.Pipeline;
using H3deMl.Tensors.Serialization;

namespace H3deMl.Cli.Commands;

/// <summary>Maps the library's input errors to messages and exit codes.</summary>
internal static class CommandErrors
{
    /// <summary>Runs a command body; bad input becomes exit code 1 with the message (which names the file) on stderr.</summary>
    public static int Guard(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (VolumeFormatException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (LandmarkFormatException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ModelFormatException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (DatasetException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (PipelineStepException e) when (e.InnerException is VolumeFormatException or LandmarkFormatException or IOException or UnauthorizedAccessException or DatasetException)
        {
            // The inner message names the file; the outer one adds the step and the case.
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (FileNotFoundException e)
        {
            error.WriteLine($"h3de: {e.FileName ?? e.Message}: the file does not exist.");
            return ExitCodes.BadInput;
        }
        catch (DirectoryNotFoundException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            error.WriteLine($"h3de: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
