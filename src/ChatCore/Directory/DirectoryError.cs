namespace Messenger.ChatCore.Directory;

/// <summary>Why a directory operation was refused. The host maps each kind onto an HTTP status.</summary>
public enum DirectoryErrorKind
{
    Validation,
    Conflict,
    NotFound,
    InvalidCredentials,
    Unauthorized,

    /// <summary>The caller is known and a member, but their role does not allow this (issue #5).</summary>
    Forbidden,

    /// <summary>An upload over the size limit (issue #5).</summary>
    TooLarge,
}

/// <summary>A refusal that names the field at fault, so clients can point at it (RFC 9457 "errors").</summary>
public sealed record DirectoryError(DirectoryErrorKind Kind, string Field, string Message);

/// <summary>Either a value or a <see cref="DirectoryError"/>; domain code never throws for bad input.</summary>
public readonly struct Result<T>
{
    private Result(T? value, DirectoryError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public DirectoryError? Error { get; }

    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null);

    public static Result<T> Fail(DirectoryError error) => new(default, error);

    public static implicit operator Result<T>(DirectoryError error) => Fail(error);

    public static implicit operator Result<T>(T value) => Ok(value);
}
