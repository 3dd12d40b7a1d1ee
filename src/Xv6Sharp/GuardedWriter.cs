using System.Text;

namespace Xv6Sharp;

/// <summary>
/// The CLI's standard output or error, with write failures (a full disk
/// behind `> file`, /dev/full, a closed descriptor) turned into one decision
/// instead of a host exception wherever the write happened: standard output
/// throws <see cref="OutputLostException"/>, which the command line turns
/// into one line and exit 2; standard error drops what it cannot write
/// (there is nowhere left to say so). A reader that went away (EPIPE) never
/// gets here: .NET's console stream ignores it.
/// </summary>
public sealed class GuardedWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly bool _throwOnFailure;

    private GuardedWriter(TextWriter inner, bool throwOnFailure)
    {
        _inner = inner;
        _throwOnFailure = throwOnFailure;
    }

    /// <summary>Puts guards around Console.Out and Console.Error (before anything, Spectre.Console included, takes them).</summary>
    public static void GuardConsole()
    {
        Console.SetOut(new GuardedWriter(Console.Out, throwOnFailure: true));
        Console.SetError(new GuardedWriter(Console.Error, throwOnFailure: false));
    }

    public override Encoding Encoding => _inner.Encoding;
    public override IFormatProvider FormatProvider => _inner.FormatProvider;

    public override void Write(char value) => Guard(() => _inner.Write(value));
    public override void Write(string? value) => Guard(() => _inner.Write(value));
    public override void Write(char[] buffer, int index, int count) => Guard(() => _inner.Write(buffer, index, count));
    public override void Write(ReadOnlySpan<char> buffer)
    {
        try
        {
            _inner.Write(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed(e);
        }
    }
    public override void WriteLine(string? value) => Guard(() => _inner.WriteLine(value));
    public override void WriteLine() => Guard(() => _inner.WriteLine());
    public override void Flush() => Guard(_inner.Flush);

    private void Guard(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed(e);
        }
    }

    private void Failed(Exception e)
    {
        // A closed descriptor shows as "access denied" around the real cause (EBADF): name the cause.
        if (_throwOnFailure) throw new OutputLostException((e.InnerException ?? e).Message);
    }
}
