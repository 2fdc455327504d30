using System.Security.Cryptography;
using System.Text;

namespace OklaMq.NotificationService.Model;

/// <summary>
/// Name-based ids (RFC 9562 version 5): the same cause, recipient and channel always give the same
/// notification id, so an event handled twice sends commands the channels recognise as repeats.
/// </summary>
public static class NotificationIds
{
    private static readonly Guid Namespace = new("5b1c3f6e-8f0a-4c59-9d0e-0a6c1f4b7e21");

    public static Guid For(string kind, Guid cause, Guid recipient, string channel)
    {
        Span<byte> name = stackalloc byte[16 + 256];
        Namespace.TryWriteBytes(name, bigEndian: true, out _);
        var written = 16 + Encoding.UTF8.GetBytes($"{kind}|{cause:N}|{recipient:N}|{channel}", name[16..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(name[..written], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
