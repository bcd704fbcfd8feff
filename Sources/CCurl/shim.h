/*
 * libcurl for Swift, without linking it: the Mail module opens libcurl.so.4 with dlopen when the
 * first email is sent and finds its functions with dlsym (CurlLibrary.swift). This header gives the
 * types and constants of <curl/curl.h> (build time only), and typed wrappers for curl_easy_setopt:
 * it is variadic, which Swift cannot call, so each wrapper takes the function's address and passes
 * one kind of argument. Only what the Mail module needs.
 */
#ifndef NEXBOARD_CCURL_SHIM_H
#define NEXBOARD_CCURL_SHIM_H

#include <curl/curl.h>

/** Size of the buffer CURLOPT_ERRORBUFFER writes into (CURL_ERROR_SIZE is a macro). */
static const int nb_curl_error_size = CURL_ERROR_SIZE;

/** curl_global_init's flags (CURL_GLOBAL_DEFAULT is a macro of macros). */
static const long nb_curl_global_default = CURL_GLOBAL_DEFAULT;

/** curl_easy_setopt, as dlsym finds it. */
typedef CURLcode (*nb_curl_setopt_function)(CURL *handle, CURLoption option, ...);

static inline CURLcode nb_curl_setopt_long(void *setopt, CURL *handle, CURLoption option, long value) {
    return ((nb_curl_setopt_function)setopt)(handle, option, value);
}

static inline CURLcode nb_curl_setopt_off_t(void *setopt, CURL *handle, CURLoption option, curl_off_t value) {
    return ((nb_curl_setopt_function)setopt)(handle, option, value);
}

static inline CURLcode nb_curl_setopt_string(void *setopt, CURL *handle, CURLoption option, const char *value) {
    return ((nb_curl_setopt_function)setopt)(handle, option, value);
}

static inline CURLcode nb_curl_setopt_slist(void *setopt, CURL *handle, CURLoption option, struct curl_slist *value) {
    return ((nb_curl_setopt_function)setopt)(handle, option, value);
}

static inline CURLcode nb_curl_setopt_buffer(void *setopt, CURL *handle, CURLoption option, char *value) {
    return ((nb_curl_setopt_function)setopt)(handle, option, value);
}

typedef size_t (*nb_curl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);

/** CURLOPT_READFUNCTION + CURLOPT_READDATA: where an upload's bytes come from. */
static inline CURLcode nb_curl_set_read(void *setopt, CURL *handle, nb_curl_read_callback callback, void *userdata) {
    CURLcode code = ((nb_curl_setopt_function)setopt)(handle, CURLOPT_READFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return ((nb_curl_setopt_function)setopt)(handle, CURLOPT_READDATA, userdata);
}

typedef int (*nb_curl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                         curl_off_t ultotal, curl_off_t ulnow);

/** CURLOPT_XFERINFOFUNCTION + data, with progress on: returning non-zero aborts the transfer. */
static inline CURLcode nb_curl_set_progress(void *setopt, CURL *handle, nb_curl_progress_callback callback, void *userdata) {
    CURLcode code = ((nb_curl_setopt_function)setopt)(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = ((nb_curl_setopt_function)setopt)(handle, CURLOPT_XFERINFODATA, userdata);
    if (code != CURLE_OK) return code;
    return ((nb_curl_setopt_function)setopt)(handle, CURLOPT_NOPROGRESS, 0L);
}

typedef int (*nb_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);

/** CURLOPT_DEBUGFUNCTION + data, with CURLOPT_VERBOSE on (the callback replaces printing to stderr). */
static inline CURLcode nb_curl_set_debug(void *setopt, CURL *handle, nb_curl_debug_callback callback, void *userdata) {
    CURLcode code = ((nb_curl_setopt_function)setopt)(handle, CURLOPT_DEBUGFUNCTION, callback);
    if (code != CURLE_OK) return code;
    code = ((nb_curl_setopt_function)setopt)(handle, CURLOPT_DEBUGDATA, userdata);
    if (code != CURLE_OK) return code;
    return ((nb_curl_setopt_function)setopt)(handle, CURLOPT_VERBOSE, 1L);
}

#endif
