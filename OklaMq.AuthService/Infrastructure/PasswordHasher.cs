using System.Security.Cryptography;
using OklaMq.AuthService.Model;

namespace OklaMq.AuthService.Infrastructure;

/// <summary>PBKDF2-SHA256 with a random salt per password; the iteration count is stored so it can be raised later.</summary>
public static class PasswordHasher
{
    private const string Algorithm = "PBKDF2-SHA256";
    // OWASP's current recommendation for PBKDF2-HMAC-SHA256.
    private const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Checked when the email is unknown, so a login takes as long whether or not the account exists.
    private static readonly Lazy<PasswordHash> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SaltBytes))));

    public static PasswordHash Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return new PasswordHash(Algorithm, Iterations, Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, PasswordHash stored)
    {
        if (stored.Algorithm != Algorithm)
        {
            return false;
        }
        var expected = Convert.FromBase64String(stored.Hash);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(stored.Salt), stored.Iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of a real check, and fails.</summary>
    public static bool VerifyAgainstNothing(string password)
    {
        Verify(password, Decoy.Value);
        return false;
    }
}
