// The h3de tool. Commands are added by later issues.
return 0;
