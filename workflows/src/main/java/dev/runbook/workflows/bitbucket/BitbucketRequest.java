package dev.runbook.workflows.bitbucket;

/** Input of a Bitbucket call: the instance whose Bitbucket (URL and credentials from config) to ask. */
public record BitbucketRequest(String instance) {}
