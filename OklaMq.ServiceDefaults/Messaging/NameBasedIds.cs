using System.Security.Cryptography;
using System.Text;

namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>
/// Name-based ids (RFC 9562 version 5): the same namespace and name always give the same id. A
/// message handled twice derives the same ids for what it causes (a notification, a charge), which
/// their consumers recognise as repeats.
/// </summary>
public static class NameBasedIds
{
    public static Guid Create(Guid @namespace, string name)
    {
        var nameBytes = Encoding.UTF8.GetByteCount(name);
        Span<byte> input = nameBytes <= 256 ? stackalloc byte[16 + nameBytes] : new byte[16 + nameBytes];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
