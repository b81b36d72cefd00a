namespace Messenger.Signalling.Identity;

/// <summary>
/// Settings under "Messenger:Identity" (issue #7, docs/identity.md): the external OpenID Connect providers users may
/// sign in with or link to their account.
/// </summary>
public sealed class IdentityOptions
{
    public const string Section = "Messenger:Identity";

    /// <summary>Providers by name; the name appears in URLs (<c>/api/identity/{name}/…</c>) and in the badge.</summary>
    public Dictionary<string, IdentityProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a started sign-in may take at the provider before its state expires.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the one-time result code handed to the web client stays redeemable.</summary>
    public TimeSpan HandoffLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where the callback sends the browser, with <c>#identity_code=…</c> appended.</summary>
    public string ReturnPath { get; set; } = "/";

    /// <summary>
    /// This host's public origin (https://messenger.example) for the redirect_uri registered at the provider. Empty:
    /// taken from the request, which is right unless a proxy rewrites the host or scheme.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";
}

public enum ClientAuthenticationKind
{
    /// <summary>A shared secret (RFC 6749 §2.3.1), sent as client_secret_post or client_secret_basic.</summary>
    ClientSecret,

    /// <summary>ESIA: a detached GOST R 34.10-2012 CMS signature as the client secret (docs/identity.md).</summary>
    EsiaGost,
}

public sealed class IdentityProviderOptions
{
    /// <summary>Shown by the web client's sign-in button; defaults to the provider's name.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Issuer URL; its /.well-known/openid-configuration fills any endpoint not given below.</summary>
    public string Authority { get; set; } = "";

    /// <summary>Expected "iss" of ID tokens; defaults to the discovery document's issuer, then to Authority.</summary>
    public string Issuer { get; set; } = "";

    public string AuthorizationEndpoint { get; set; } = "";

    public string TokenEndpoint { get; set; } = "";

    /// <summary>Empty (and none discovered): the ID token's claims are all we get.</summary>
    public string UserInfoEndpoint { get; set; } = "";

    public string JwksUri { get; set; } = "";

    /// <summary>
    /// The provider's GOST R 34.10-2012 certificate (PEM or DER X.509, or a PEM public key) for ID tokens signed with
    /// ESIA's GOST3410_2012_256/512, which no JWKS carries. With it, JwksUri becomes optional.
    /// </summary>
    public string IdTokenSigningCertificatePath { get; set; } = "";

    /// <summary>
    /// ESIA's person resource (…/rs/prns): after the token exchange, GET {this}/{oid} with the access token gives the
    /// verified attributes, which then take the place of the claims'.
    /// </summary>
    public string PersonDataEndpoint { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>Space-separated scopes (one string, so configuration layers replace it rather than merge arrays).</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary><c>client_secret</c> or <c>esia_gost</c>.</summary>
    public string ClientAuthentication { get; set; } = "client_secret";

    public string ClientSecret { get; set; } = "";

    /// <summary><c>client_secret_post</c> (form field) or <c>client_secret_basic</c> (Authorization header).</summary>
    public string ClientSecretMethod { get; set; } = "client_secret_post";

    /// <summary>esia_gost: PEM certificate (GOST R 34.10-2012-256) registered with the provider.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>esia_gost: PEM PKCS#8 private key of that certificate.</summary>
    public string PrivateKeyPath { get; set; } = "";

    /// <summary>esia_gost: alternatively a PKCS#12 file holding both.</summary>
    public string Pkcs12Path { get; set; } = "";

    public string Pkcs12Password { get; set; } = "";

    /// <summary>Fetch the userinfo endpoint after the token exchange (when there is one).</summary>
    public bool UseUserInfo { get; set; } = true;

    public string FullNameClaim { get; set; } = "name";

    public string GivenNameClaim { get; set; } = "given_name";

    public string FamilyNameClaim { get; set; } = "family_name";

    public string MiddleNameClaim { get; set; } = "middle_name";

    /// <summary>Compose the full name as "family given middle" (Russian order) when no full-name claim comes.</summary>
    public bool FamilyNameFirst { get; set; }

    public string BirthDateClaim { get; set; } = "birthdate";

    /// <summary>The claim that says the provider checked identity documents, e.g. ESIA's "trusted".</summary>
    public string DocumentsCheckedClaim { get; set; } = "trusted";

    internal ClientAuthenticationKind AuthenticationKind => ClientAuthentication.ToLowerInvariant() switch
    {
        "client_secret" => ClientAuthenticationKind.ClientSecret,
        "esia_gost" => ClientAuthenticationKind.EsiaGost,
        _ => throw new InvalidOperationException(
            $"Messenger:Identity: ClientAuthentication must be client_secret or esia_gost, not '{ClientAuthentication}'."),
    };
}
