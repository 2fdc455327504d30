namespace OklaMq.Hosting.Infrastructure;

/// <summary>Writes files that hold credentials so only their owner can read them.</summary>
public static class PrivateFile
{
    public static void Write(string path, string contents)
    {
        File.WriteAllText(path, contents);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
