-- Each user's interface and mail language (zh-CN is the default; en is complete).
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-CN' CHECK (lang IN ('zh-CN', 'en'));
