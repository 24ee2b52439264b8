# Messages said by the server's rules and errors (Rust `Msg` keys).

msg-test-sentence = { $count ->
    [one] { $count } item
   *[other] { $count } items
} already: { $what }
msg-test-label = test

error-unauthenticated = Please log in first.
error-forbidden = Your account may not open this page. If you need it, ask an administrator to change your permissions.
error-not-found = The page or record you asked for was not found; it may have been deleted. Please start again from the home page.
error-csrf = The page has expired or its origin is unknown, so nothing was done. Reload the page and try again.
error-internal = Something went wrong on the server and nothing was done. Please try again later; if it keeps happening, contact an administrator.
error-raced = Another request already did this. Reload the page to see it.
error-status-400 = The request has a problem. Check it and try again.
error-status-403 = Your account may not do this.
error-status-404 = The page or record was not found. Please start again from the home page.
error-status-405 = This address does not accept this kind of request. Use the buttons and links on the pages.
error-status-413 = What you sent is too large. Make the file or text smaller and try again.
error-status-415 = What you sent is not in a form the server accepts. Use the form on the page.
error-status-429 = Too many requests. Please wait a moment and try again.
error-status-other = The request could not be completed. Go back and try again.
error-api-token-needed = A valid API token is missing: send the header Authorization: Bearer <token>. Administrators issue tokens on the "API tokens" page; a revoked token stops working at once.
error-api-token-scope = This API token may only read the centers of its own town. Use a city-wide token or a token of that town.
error-bad-query = A parameter in the address is wrong ({ $detail }). Please follow the links on the pages.
